"""Sample translations of the children's leaflet, one locale per script family.

Real catalogs come later; these few sentences per language (written for the
tests, in the register of the leaflet) let the tests build a real edition in
every script of the alliance and look at the PDF. Messages not listed stay
English, as in a half-translated draft.

Each sample: (country, expected font in pdffonts, {msgid: translation}).
The first translation (the title) is what the tests look for in the PDF text.
"""

TITLE = "Staying safe online"
SUBTITLE = "A leaflet for children aged 8 to 11"
FLAP_HEADING = "My trusted grown-ups"
TRUSTED = "A trusted grown-up is someone who listens to you and helps you."
WHO = "It could be a parent or carer, a teacher, a relative or a school nurse."
PEOPLE = "People online"
BODY = "Your body belongs to you"
SAY_NO = "You can always say no, even to someone you like."
WHAT_TO_DO = "What to do"
TELL = "Tell a trusted grown-up and show them."
ALWAYS_TELL = "Telling a grown-up is always the right thing to do. It is never too late to tell."
HELP_IN = "Help in %(country)s"
TALK = "Talk to someone who can help"
CHECKED = "Phone numbers and addresses checked on %(date)s."

SAMPLES = {
    "vi_VN": ("VN", "NotoSans-", {
        TITLE: "An toàn trên mạng",
        SUBTITLE: "Tờ thông tin dành cho trẻ em từ 8 đến 11 tuổi",
        FLAP_HEADING: "Những người lớn em tin tưởng",
        TRUSTED: "Người lớn đáng tin cậy là người lắng nghe và giúp đỡ em.",
        WHO: "Đó có thể là bố mẹ hoặc người chăm sóc, thầy cô giáo, người thân hoặc y tá của trường.",
        BODY: "Cơ thể em là của em",
        SAY_NO: "Em luôn có thể nói không, kể cả với người em thích.",
        WHAT_TO_DO: "Em nên làm gì",
        TELL: "Hãy kể với một người lớn em tin tưởng và cho họ xem.",
        ALWAYS_TELL: "Kể với người lớn luôn là việc đúng. Không bao giờ là quá muộn để kể.",
        HELP_IN: "Trợ giúp tại %(country)s",
        TALK: "Nói chuyện với người có thể giúp em",
        CHECKED: "Số điện thoại và địa chỉ được kiểm tra ngày %(date)s.",
    }),
    "yo_NG": ("NG", "NotoSans-", {
        TITLE: "Ààbò rẹ lórí ayélujára",
        SUBTITLE: "Ìwé pélébé fún àwọn ọmọdé ọmọ ọdún mẹ́jọ sí mọ́kànlá",
        FLAP_HEADING: "Àwọn àgbàlagbà tí mo gbẹ́kẹ̀lé",
        TRUSTED: "Àgbàlagbà tí o gbẹ́kẹ̀lé ni ẹni tí ó ń tẹ́tí sí ọ, tí ó sì ń ràn ọ́ lọ́wọ́.",
        SAY_NO: "O lè sọ pé rárá nígbà gbogbo, kódà fún ẹni tí o fẹ́ràn.",
        TELL: "Sọ fún àgbàlagbà tí o gbẹ́kẹ̀lé, kí o sì fi hàn án.",
        HELP_IN: "Ìrànlọ́wọ́ ní %(country)s",
        TALK: "Bá ẹnì kan tí ó lè ràn ọ́ lọ́wọ́ sọ̀rọ̀",
    }),
    "mt_MT": ("MT", "NotoSans-", {
        TITLE: "Ibqa' sigur fuq l-internet",
        FLAP_HEADING: "L-adulti ta' fiduċja tiegħi",
        TRUSTED: "Adult ta' fiduċja huwa xi ħadd li jisimgħek u jgħinek.",
        SAY_NO: "Dejjem tista' tgħid le, anke lil xi ħadd li jogħġbok.",
        HELP_IN: "Għajnuna f'%(country)s",
        TALK: "Kellem lil xi ħadd li jista' jgħinek",
    }),
    "mi_NZ": ("NZ", "NotoSans-", {
        TITLE: "Kia haumaru i te ipurangi",
        TRUSTED: "Ko te pakeke e whakawhirinakitia ana e koe, he tangata e whakarongo ana ki a koe, e āwhina ana i a koe.",
        TALK: "Kōrero ki tētahi ka taea te āwhina i a koe",
    }),
    "el_GR": ("GR", "NotoSans-", {
        TITLE: "Μένω ασφαλής στο διαδίκτυο",
        SUBTITLE: "Ενημερωτικό φυλλάδιο για παιδιά 8 έως 11 ετών",
        FLAP_HEADING: "Οι μεγάλοι που εμπιστεύομαι",
        TRUSTED: "Ένας μεγάλος που εμπιστεύεσαι είναι κάποιος που σε ακούει και σε βοηθάει.",
        WHO: "Μπορεί να είναι ένας γονιός ή κηδεμόνας, ένας δάσκαλος, ένας συγγενής ή ο νοσηλευτής του σχολείου.",
        PEOPLE: "Άνθρωποι στο διαδίκτυο",
        BODY: "Το σώμα σου ανήκει σε σένα",
        SAY_NO: "Μπορείς πάντα να πεις όχι, ακόμα και σε κάποιον που σου αρέσει.",
        WHAT_TO_DO: "Τι να κάνεις",
        TELL: "Πες το σε έναν μεγάλο που εμπιστεύεσαι και δείξε του.",
        ALWAYS_TELL: "Το να το πεις σε έναν μεγάλο είναι πάντα το σωστό. Ποτέ δεν είναι αργά να μιλήσεις.",
        HELP_IN: "Βοήθεια στην %(country)s",
        TALK: "Μίλησε με κάποιον που μπορεί να σε βοηθήσει",
        CHECKED: "Οι αριθμοί τηλεφώνου και οι διευθύνσεις ελέγχθηκαν στις %(date)s.",
    }),
    "bg_BG": ("BG", "NotoSans-", {
        TITLE: "В безопасност онлайн",
        SUBTITLE: "Брошура за деца на възраст от 8 до 11 години",
        FLAP_HEADING: "Възрастните, на които имам доверие",
        TRUSTED: "Възрастен, на когото имаш доверие, е човек, който те изслушва и ти помага.",
        PEOPLE: "Хората онлайн",
        BODY: "Тялото ти е твое",
        SAY_NO: "Винаги можеш да кажеш „не“, дори на някого, когото харесваш.",
        WHAT_TO_DO: "Какво да направиш",
        TELL: "Кажи на възрастен, на когото имаш доверие, и му покажи.",
        ALWAYS_TELL: "Да кажеш на възрастен винаги е правилно. Никога не е късно да кажеш.",
        HELP_IN: "Помощ в %(country)s",
        TALK: "Говори с някого, който може да помогне",
        CHECKED: "Телефонните номера и адресите са проверени на %(date)s.",
    }),
    "sr_Cyrl_RS": ("RS", "NotoSans-", {
        TITLE: "Безбедно на интернету",
        BODY: "Твоје тело припада теби",
        SAY_NO: "Увек можеш да кажеш не, чак и некоме ко ти се свиђа.",
        HELP_IN: "Помоћ – %(country)s",
        TALK: "Разговарај са неким ко може да ти помогне",
    }),
    "uk_UA": ("UA", "NotoSans-", {
        TITLE: "Безпека в інтернеті",
        SUBTITLE: "Буклет для дітей віком від 8 до 11 років",
        FLAP_HEADING: "Дорослі, яким я довіряю",
        TRUSTED: "Дорослий, якому ти довіряєш, — це людина, яка тебе слухає і допомагає тобі.",
        BODY: "Твоє тіло належить тобі",
        SAY_NO: "Ти завжди можеш сказати «ні», навіть тому, хто тобі подобається.",
        HELP_IN: "Допомога: %(country)s",
        TALK: "Поговори з кимось, хто може допомогти",
    }),
    "hy_AM": ("AM", "NotoSansArmenian", {
        TITLE: "Անվտանգ համացանցում",
        SUBTITLE: "Տեղեկագիր 8-ից 11 տարեկան երեխաների համար",
        FLAP_HEADING: "Իմ վստահելի մեծահասակները",
        TRUSTED: "Վստահելի մեծահասակն այն մարդն է, ով լսում է քեզ և օգնում քեզ։",
        BODY: "Քո մարմինը պատկանում է քեզ",
        SAY_NO: "Դու միշտ կարող ես ասել «ոչ», նույնիսկ նրան, ում հավանում ես։",
        HELP_IN: "Օգնություն – %(country)s",
        TALK: "Խոսիր մեկի հետ, ով կարող է օգնել",
    }),
    "ka_GE": ("GE", "NotoSansGeorgian", {
        TITLE: "უსაფრთხოდ ინტერნეტში",
        SUBTITLE: "ბროშურა 8-დან 11 წლამდე ბავშვებისთვის",
        FLAP_HEADING: "ზრდასრულები, რომლებსაც ვენდობი",
        TRUSTED: "სანდო ზრდასრული არის ადამიანი, რომელიც გისმენს და გეხმარება.",
        BODY: "შენი სხეული შენ გეკუთვნის",
        SAY_NO: "შენ ყოველთვის შეგიძლია თქვა „არა“, მაშინაც კი, თუ ეს ადამიანი მოგწონს.",
        HELP_IN: "დახმარება – %(country)s",
        TALK: "დაელაპარაკე ვინმეს, ვინც დაგეხმარება",
    }),
    "he_IL": ("IL", "NotoSansHebrew", {
        TITLE: "בטוחים ברשת",
        SUBTITLE: "עלון לילדים בגילאי 8 עד 11",
        FLAP_HEADING: "המבוגרים שאני סומך עליהם",
        TRUSTED: "מבוגר שסומכים עליו הוא מישהו שמקשיב לך ועוזר לך.",
        BODY: "הגוף שלך שייך לך",
        SAY_NO: "תמיד אפשר להגיד לא, גם למישהו שמוצא חן בעיניך.",
        WHAT_TO_DO: "מה לעשות",
        TELL: "ספרו למבוגר שאתם סומכים עליו והראו לו.",
        ALWAYS_TELL: "לספר למבוגר זה תמיד הדבר הנכון. אף פעם לא מאוחר לספר.",
        HELP_IN: "עזרה ב%(country)s",
        TALK: "לדבר עם מישהו שיכול לעזור",
        CHECKED: "מספרי הטלפון והכתובות נבדקו ב-%(date)s.",
    }),
    "ar_IL": ("IL", "NotoSansArabic", {
        TITLE: "ابقَ آمنًا على الإنترنت",
        SUBTITLE: "نشرة للأطفال من عمر 8 إلى 11 سنة",
        FLAP_HEADING: "الكبار الذين أثق بهم",
        TRUSTED: "الشخص الكبير الموثوق هو شخص يستمع إليك ويساعدك.",
        BODY: "جسمك ملكٌ لك",
        SAY_NO: "يمكنك دائمًا أن تقول لا، حتى لشخص تحبه.",
        WHAT_TO_DO: "ماذا تفعل",
        TELL: "أخبر شخصًا كبيرًا تثق به، وأرِه ما حدث.",
        ALWAYS_TELL: "إخبار شخص كبير هو دائمًا التصرّف الصحيح. لم يفت الأوان أبدًا لتخبر أحدًا.",
        HELP_IN: "المساعدة في %(country)s",
        TALK: "تحدّث مع شخص يمكنه مساعدتك",
        CHECKED: "تم التحقق من أرقام الهواتف والعناوين في %(date)s.",
        # The inside-left panel too (from locales/ar): English set at the Arabic
        # size and line height is longer than any real edition's panel.
        PEOPLE: "الناس على الإنترنت",
        "The internet is great for games, videos and chatting with friends.":
            "الإنترنت رائع للألعاب والفيديوهات والدردشة مع الأصدقاء.",
        "But some people online are not who they say they are. A grown-up can pretend to be a child.":
            "لكن بعض الناس على الإنترنت ليسوا كما يقولون عن أنفسهم. قد يتظاهر شخص كبير بأنه طفل.",
        "Tell a trusted grown-up if someone online:": "أخبر شخصًا كبيرًا تثق به إذا كان أحد على الإنترنت:",
        "says lots of nice things to make you feel special": "يقول لك كلامًا لطيفًا كثيرًا ليُشعرك بأنك مميّز",
        "gives you presents or game credits": "يعطيك هدايا أو رصيدًا في الألعاب",
        "asks you to keep a secret": "يطلب منك أن تحفظ سرًّا",
        "wants to chat in a different app": "يريد أن يدردش معك في تطبيق آخر",
        "asks for photos of you": "يطلب صورًا لك",
        "asks you to video call or go live": "يطلب منك مكالمة فيديو أو بثًّا مباشرًا",
        "wants to meet you in person": "يريد أن يلتقي بك في الواقع",
    }),
    "th_TH": ("TH", "NotoSansThai", {
        TITLE: "ใช้อินเทอร์เน็ตอย่างปลอดภัย",
        SUBTITLE: "แผ่นพับสำหรับเด็กอายุ 8 ถึง 11 ปี",
        FLAP_HEADING: "ผู้ใหญ่ที่หนูไว้ใจ",
        TRUSTED: "ผู้ใหญ่ที่ไว้ใจได้คือคนที่รับฟังและช่วยเหลือหนูเมื่อหนูมีเรื่องไม่สบายใจ",
        WHO: "อาจเป็นพ่อแม่หรือผู้ปกครอง คุณครู ญาติ หรือพยาบาลประจำโรงเรียน",
        PEOPLE: "คนบนโลกออนไลน์",
        BODY: "ร่างกายของหนูเป็นของหนู",
        SAY_NO: "หนูปฏิเสธได้เสมอ แม้แต่กับคนที่หนูชอบ",
        WHAT_TO_DO: "สิ่งที่ควรทำ",
        TELL: "บอกผู้ใหญ่ที่หนูไว้ใจและให้เขาดูข้อความ",
        ALWAYS_TELL: "การบอกผู้ใหญ่เป็นสิ่งที่ถูกต้องเสมอ ไม่มีคำว่าสายเกินไปที่จะบอก",
        HELP_IN: "ความช่วยเหลือใน%(country)s",
        TALK: "คุยกับคนที่ช่วยเหลือหนูได้",
        CHECKED: "ตรวจสอบหมายเลขโทรศัพท์และที่อยู่เมื่อวันที่ %(date)s",
    }),
    "km_KH": ("KH", "NotoSansKhmer", {
        TITLE: "សុវត្ថិភាពនៅលើអ៊ីនធឺណិត",
        SUBTITLE: "ខិត្តប័ណ្ណសម្រាប់កុមារអាយុពី ៨ ដល់ ១១ ឆ្នាំ",
        FLAP_HEADING: "មនុស្សពេញវ័យដែលខ្ញុំទុកចិត្ត",
        TRUSTED: "មនុស្សពេញវ័យដែលអ្នកទុកចិត្តគឺជាមនុស្សដែលស្តាប់អ្នកនិងជួយអ្នក។",
        WHO: "គាត់អាចជាឪពុកម្តាយឬអ្នកថែទាំគ្រូបង្រៀនសាច់ញាតិឬគិលានុបដ្ឋាយិកានៅសាលារៀន។",
        PEOPLE: "មនុស្សនៅលើអ៊ីនធឺណិត",
        BODY: "រាងកាយរបស់អ្នកជាកម្មសិទ្ធិរបស់អ្នក",
        SAY_NO: "អ្នកតែងតែអាចនិយាយថាទេ សូម្បីតែចំពោះមនុស្សដែលអ្នកចូលចិត្ត។",
        WHAT_TO_DO: "អ្វីដែលត្រូវធ្វើ",
        TELL: "ប្រាប់មនុស្សពេញវ័យដែលអ្នកទុកចិត្តហើយបង្ហាញពួកគេ។",
        ALWAYS_TELL: "ការប្រាប់មនុស្សធំគឺជារឿងត្រឹមត្រូវជានិច្ច។ មិនដែលយឺតពេលក្នុងការប្រាប់ទេ។",
        HELP_IN: "ជំនួយនៅ%(country)s",
        TALK: "និយាយជាមួយអ្នកដែលអាចជួយបាន",
        CHECKED: "លេខទូរស័ព្ទ និងអាសយដ្ឋានត្រូវបានពិនិត្យនៅថ្ងៃទី %(date)s។",
    }),
    "ja_JP": ("JP", "NotoSansCJKjp", {
        TITLE: "インターネットを安全に使おう",
        SUBTITLE: "8歳から11歳の子どものためのリーフレット",
        FLAP_HEADING: "わたしが信頼できる大人",
        TRUSTED: "信頼できる大人とは、あなたの話を聞いて、助けてくれる人のことです。",
        WHO: "お父さんやお母さん、保護者、先生、親せき、学校の保健室の先生などです。",
        PEOPLE: "ネットで出会う人たち",
        BODY: "あなたの体はあなたのもの",
        SAY_NO: "好きな人に言われても、いつでも「いやだ」と言っていいのです。",
        WHAT_TO_DO: "こんなときは",
        TELL: "信頼できる大人に話して、メッセージを見せましょう。",
        ALWAYS_TELL: "大人に話すのは、いつでも正しいことです。話すのに遅すぎることはありません。",
        HELP_IN: "%(country)sの相談窓口",
        TALK: "困ったときに相談できるところ",
        CHECKED: "電話番号とアドレスは%(date)sに確認しました。",
    }),
    "ko_KR": ("KR", "NotoSansCJKkr", {
        TITLE: "인터넷에서 안전하게 지내요",
        SUBTITLE: "8~11세 어린이를 위한 안내서",
        FLAP_HEADING: "내가 믿을 수 있는 어른",
        TRUSTED: "믿을 수 있는 어른은 여러분의 이야기를 들어 주고 도와주는 사람이에요.",
        WHO: "부모님이나 보호자, 선생님, 친척, 보건 선생님이 될 수 있어요.",
        PEOPLE: "온라인에서 만나는 사람들",
        BODY: "내 몸은 나의 것",
        SAY_NO: "좋아하는 사람이 부탁해도 언제든지 싫다고 말할 수 있어요.",
        WHAT_TO_DO: "이럴 땐 이렇게 해요",
        TELL: "믿을 수 있는 어른에게 말하고 메시지를 보여 주세요.",
        ALWAYS_TELL: "어른에게 말하는 건 언제나 옳은 일이에요. 말하기에 너무 늦은 때는 없어요.",
        HELP_IN: "%(country)s의 도움 기관",
        TALK: "도움을 줄 수 있는 사람과 이야기해요",
        CHECKED: "전화번호와 주소는 %(date)s에 확인했습니다.",
    }),
}
