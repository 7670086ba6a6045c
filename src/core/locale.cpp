#include "core/locale.hpp"

#include <memory>

namespace csatkit {
namespace {

// Every locale csatkit has translations for, in the order of `translations` below. Every build
// knows all of them (negotiation, validation of a definition's "locale"); their strings are
// either compiled in or added at run time from a locale pack.
struct LocaleInfo {
  const char* code;
  const char* name;
  bool rtl;
};
constexpr LocaleInfo catalog[] = {
    {"en", "English", false},  {"nl", "Nederlands", false}, {"sv", "Svenska", false},
    {"de", "Deutsch", false},  {"fr", "Français", false},   {"es", "Español", false},
    {"pt", "Português", false}, {"it", "Italiano", false},  {"ar", "العربية", true},
    {"he", "עברית", true},
};
constexpr std::size_t catalog_count = sizeof(catalog) / sizeof(catalog[0]);

// One locale's strings. Plain const char* tables: constant-initialised, so the wasm module pays
// only for the bytes of the strings and nothing runs at start-up.
struct Translation {
  const char* texts[text_key_count];  // indexed by TextKey, in its declaration order
  const char* emoji3[3];
  // csat5 is csat7 without its "somewhat" points, so it is taken from here (see csat5_index):
  // the two scales can never drift apart.
  const char* csat7[7];
  const char* ces7[7];
  const char* nps_ends[2];     // "0 – <NPS low anchor>", "10 – <NPS high anchor>"
  const char* csat10_ends[2];  // "1 – <CSAT low anchor>", "10 – <CSAT high anchor>"
};

// Order must match TextKey. A missing entry would be nullptr, which the tests catch; an extra
// one does not compile.
const char* const key_names[text_key_count] = {
    "question_csat",      "question_nps",      "question_ces",     "question_helpful",
    "follow_up_negative", "follow_up_neutral", "follow_up_positive",
    "comment_label",      "comment_placeholder", "characters_left",
    "submit",             "skip",              "close",            "next",             "back",
    "thank_you",          "thank_you_detail",  "review_prompt",    "review_link",      "no_thanks",
    "helpful_yes",        "helpful_no",        "reasons_title",
    "reason_outdated",    "reason_unclear",    "reason_not_answered", "reason_other",
    "nps_low_anchor",     "nps_high_anchor",   "csat_low_anchor",  "csat_high_anchor",
    "ces_low_anchor",     "ces_high_anchor",
    "survey_label",       "scale_group_label", "step_progress",
};

// Register: en neutral; nl formal "u"; sv "du" (the standard, neutral form in Swedish — "ni" reads
// dated or cold); de "Sie"; fr "vous"; es "usted", wording shared by Spain and Latin America;
// pt third person ("o seu", no "tu"/"você") so it reads well in Brazil and Portugal; it "Lei"
// with lower-case possessives, buttons in the usual imperative ("Invia", "Chiudi"); ar Modern
// Standard Arabic; he plural address ("תמליצו", "ספרו") and noun/gender-free labels, the usual
// way Hebrew UI avoids addressing one gender. Buttons use each language's UI convention
// (infinitive in nl/de/es/pt/fr, verbal noun in ar/he).
// French puts a no-break space before ? ! : (written \u00A0 so it stays visible in source).
const Translation translations[] = {
    // en
    {
     {
         "How satisfied are you with your experience?",
         "How likely are you to recommend us to a friend or colleague?",
         "It was easy to get what I needed.",
         "Was this article helpful?",
         "What could we do better?",
         "What would have made it better?",
         "What did you like most?",
         "Your comment",
         "Tell us more (optional)",
         "Characters left: {n}",
         "Send",
         "Skip",
         "Close",
         "Next",
         "Back",
         "Thank you for your feedback!",
         "Your answers help us improve.",
         "Would you leave us a review?",
         "Write a review",
         "No, thanks",
         "Yes",
         "No",
         "What went wrong?",
         "Outdated",
         "Unclear",
         "Didn't answer my question",
         "Other",
         "Not at all likely",
         "Extremely likely",
         "Very dissatisfied",
         "Very satisfied",
         "Strongly disagree",
         "Strongly agree",
         "Feedback survey",
         "Rating",
         "Step {current} of {total}",
     },
     {"Unhappy", "Neutral", "Happy"},
     {"Very dissatisfied", "Dissatisfied", "Somewhat dissatisfied", "Neutral", "Somewhat satisfied",
      "Satisfied", "Very satisfied"},
     {"Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
      "Somewhat agree", "Agree", "Strongly agree"},
     {"0 – Not at all likely", "10 – Extremely likely"},
     {"1 – Very dissatisfied", "10 – Very satisfied"}},

// The survey widget's wasm module carries English only (cmake/wasm.cmake): every page that may
// show a survey downloads it, and a visitor reads one language. The other locales reach it as
// locale packs (add_locale_pack), generated from this very table by `csatkit locales`.
#ifndef CSATKIT_LOCALES_ENGLISH_ONLY
    // nl
    {
     {
         "Hoe tevreden bent u over uw ervaring?",
         "Hoe waarschijnlijk is het dat u ons aanbeveelt aan een vriend of collega?",
         "Het was gemakkelijk om te krijgen wat ik nodig had.",
         "Was dit artikel nuttig?",
         "Wat kunnen we beter doen?",
         "Wat had uw ervaring beter gemaakt?",
         "Wat vond u het beste?",
         "Uw opmerking",
         "Vertel ons meer (optioneel)",
         "Resterende tekens: {n}",
         "Verzenden",
         "Overslaan",
         "Sluiten",
         "Volgende",
         "Terug",
         "Bedankt voor uw feedback!",
         "Uw antwoorden helpen ons om beter te worden.",
         "Wilt u een review voor ons schrijven?",
         "Review schrijven",
         "Nee, bedankt",
         "Ja",
         "Nee",
         "Wat ging er mis?",
         "Verouderd",
         "Onduidelijk",
         "Geen antwoord op mijn vraag",
         "Anders",
         "Zeer onwaarschijnlijk",
         "Zeer waarschijnlijk",
         "Zeer ontevreden",
         "Zeer tevreden",
         "Helemaal mee oneens",
         "Helemaal mee eens",
         "Feedbackenquête",
         "Beoordeling",
         "Stap {current} van {total}",
     },
     {"Ontevreden", "Neutraal", "Tevreden"},
     {"Zeer ontevreden", "Ontevreden", "Enigszins ontevreden", "Neutraal", "Enigszins tevreden",
      "Tevreden", "Zeer tevreden"},
     {"Helemaal mee oneens", "Mee oneens", "Enigszins mee oneens", "Neutraal", "Enigszins mee eens",
      "Mee eens", "Helemaal mee eens"},
     {"0 – Zeer onwaarschijnlijk", "10 – Zeer waarschijnlijk"},
     {"1 – Zeer ontevreden", "10 – Zeer tevreden"}},

    // sv
    {
     {
         "Hur nöjd är du med din upplevelse?",
         "Hur troligt är det att du skulle rekommendera oss till en vän eller kollega?",
         "Det var enkelt att få det jag behövde.",
         "Var den här artikeln till hjälp?",
         "Vad kan vi göra bättre?",
         "Vad hade gjort din upplevelse bättre?",
         "Vad uppskattade du mest?",
         "Din kommentar",
         "Berätta mer (valfritt)",
         "Tecken kvar: {n}",
         "Skicka",
         "Hoppa över",
         "Stäng",
         "Nästa",
         "Tillbaka",
         "Tack för din feedback!",
         "Dina svar hjälper oss att bli bättre.",
         "Vill du lämna ett omdöme om oss?",
         "Skriv ett omdöme",
         "Nej tack",
         "Ja",
         "Nej",
         "Vad gick fel?",
         "Inaktuell",
         "Otydlig",
         "Besvarade inte min fråga",
         "Annat",
         "Inte alls troligt",
         "Extremt troligt",
         "Mycket missnöjd",
         "Mycket nöjd",
         "Tar helt avstånd",
         "Instämmer helt",
         "Feedbackenkät",
         "Betyg",
         "Steg {current} av {total}",
     },
     {"Missnöjd", "Neutral", "Nöjd"},
     {"Mycket missnöjd", "Missnöjd", "Något missnöjd", "Neutral", "Något nöjd", "Nöjd",
      "Mycket nöjd"},
     {"Tar helt avstånd", "Tar avstånd", "Tar delvis avstånd",
      "Varken instämmer eller tar avstånd", "Instämmer delvis", "Instämmer", "Instämmer helt"},
     {"0 – Inte alls troligt", "10 – Extremt troligt"},
     {"1 – Mycket missnöjd", "10 – Mycket nöjd"}},

    // de
    {
     {
         "Wie zufrieden sind Sie mit Ihrer Erfahrung?",
         "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen würden?",
         "Es war einfach, das zu bekommen, was ich brauchte.",
         "War dieser Artikel hilfreich?",
         "Was könnten wir besser machen?",
         "Was hätte Ihre Erfahrung verbessert?",
         "Was hat Ihnen am besten gefallen?",
         "Ihr Kommentar",
         "Erzählen Sie uns mehr (optional)",
         "Verbleibende Zeichen: {n}",
         "Senden",
         "Überspringen",
         "Schließen",
         "Weiter",
         "Zurück",
         "Vielen Dank für Ihr Feedback!",
         "Ihre Antworten helfen uns, besser zu werden.",
         "Möchten Sie uns eine Bewertung hinterlassen?",
         "Bewertung schreiben",
         "Nein, danke",
         "Ja",
         "Nein",
         "Was war das Problem?",
         "Veraltet",
         "Unklar",
         "Hat meine Frage nicht beantwortet",
         "Sonstiges",
         "Überhaupt nicht wahrscheinlich",
         "Äußerst wahrscheinlich",
         "Sehr unzufrieden",
         "Sehr zufrieden",
         "Stimme überhaupt nicht zu",
         "Stimme voll und ganz zu",
         "Feedback-Umfrage",
         "Bewertung",
         "Schritt {current} von {total}",
     },
     {"Unzufrieden", "Neutral", "Zufrieden"},
     {"Sehr unzufrieden", "Unzufrieden", "Eher unzufrieden", "Neutral", "Eher zufrieden",
      "Zufrieden", "Sehr zufrieden"},
     {"Stimme überhaupt nicht zu", "Stimme nicht zu", "Stimme eher nicht zu", "Weder noch",
      "Stimme eher zu", "Stimme zu", "Stimme voll und ganz zu"},
     {"0 – Überhaupt nicht wahrscheinlich", "10 – Äußerst wahrscheinlich"},
     {"1 – Sehr unzufrieden", "10 – Sehr zufrieden"}},

    // fr
    {
     {
         "Quel est votre niveau de satisfaction concernant votre expérience\u00A0?",
         "Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue\u00A0?",
         "Il a été facile d'obtenir ce dont j'avais besoin.",
         "Cet article vous a-t-il été utile\u00A0?",
         "Que pourrions-nous améliorer\u00A0?",
         "Qu'est-ce qui aurait rendu votre expérience meilleure\u00A0?",
         "Qu'avez-vous le plus apprécié\u00A0?",
         "Votre commentaire",
         "Dites-nous-en plus (facultatif)",
         "Caractères restants\u00A0: {n}",
         "Envoyer",
         "Passer",
         "Fermer",
         "Suivant",
         "Retour",
         "Merci pour votre avis\u00A0!",
         "Vos réponses nous aident à nous améliorer.",
         "Accepteriez-vous de nous laisser un avis\u00A0?",
         "Rédiger un avis",
         "Non merci",
         "Oui",
         "Non",
         "Quel était le problème\u00A0?",
         "Obsolète",
         "Pas clair",
         "Ne répond pas à ma question",
         "Autre",
         "Pas du tout probable",
         "Extrêmement probable",
         "Très insatisfait",
         "Très satisfait",
         "Pas du tout d'accord",
         "Tout à fait d'accord",
         "Enquête de satisfaction",
         "Évaluation",
         "Étape {current} sur {total}",
     },
     {"Mécontent", "Neutre", "Content"},
     {"Très insatisfait", "Insatisfait", "Plutôt insatisfait", "Neutre", "Plutôt satisfait",
      "Satisfait", "Très satisfait"},
     {"Pas du tout d'accord", "Pas d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
      "Plutôt d'accord", "D'accord", "Tout à fait d'accord"},
     {"0 – Pas du tout probable", "10 – Extrêmement probable"},
     {"1 – Très insatisfait", "10 – Très satisfait"}},

    // es
    {
     {
         "¿Cuál es su nivel de satisfacción con su experiencia?",
         "¿Qué probabilidad hay de que nos recomiende a un amigo o colega?",
         "Me resultó fácil conseguir lo que necesitaba.",
         "¿Le resultó útil este artículo?",
         "¿Qué podríamos mejorar?",
         "¿Qué habría mejorado su experiencia?",
         "¿Qué es lo que más le gustó?",
         "Su comentario",
         "Cuéntenos más (opcional)",
         "Caracteres restantes: {n}",
         "Enviar",
         "Omitir",
         "Cerrar",
         "Siguiente",
         "Atrás",
         "¡Gracias por sus comentarios!",
         "Sus respuestas nos ayudan a mejorar.",
         "¿Le gustaría dejarnos una reseña?",
         "Escribir una reseña",
         "No, gracias",
         "Sí",
         "No",
         "¿Cuál fue el problema?",
         "Desactualizado",
         "Poco claro",
         "No responde a mi pregunta",
         "Otro",
         "Nada probable",
         "Extremadamente probable",
         "Muy insatisfecho",
         "Muy satisfecho",
         "Totalmente en desacuerdo",
         "Totalmente de acuerdo",
         "Encuesta de satisfacción",
         "Valoración",
         "Paso {current} de {total}",
     },
     {"Insatisfecho", "Neutral", "Satisfecho"},
     {"Muy insatisfecho", "Insatisfecho", "Algo insatisfecho", "Neutral", "Algo satisfecho",
      "Satisfecho", "Muy satisfecho"},
     {"Totalmente en desacuerdo", "En desacuerdo", "Algo en desacuerdo",
      "Ni de acuerdo ni en desacuerdo", "Algo de acuerdo", "De acuerdo", "Totalmente de acuerdo"},
     {"0 – Nada probable", "10 – Extremadamente probable"},
     {"1 – Muy insatisfecho", "10 – Muy satisfecho"}},

    // pt
    {
     {
         "Qual é o seu nível de satisfação com a sua experiência?",
         "Qual é a probabilidade de nos recomendar a um amigo ou colega?",
         "Foi fácil obter aquilo de que precisava.",
         "Este artigo foi útil?",
         "O que poderíamos melhorar?",
         "O que teria melhorado a sua experiência?",
         "Do que mais gostou?",
         "Comentário",
         "Conte-nos mais (opcional)",
         "Caracteres restantes: {n}",
         "Enviar",
         "Ignorar",
         "Fechar",
         "Avançar",
         "Voltar",
         "Obrigado pela sua opinião!",
         "As suas respostas são importantes para melhorarmos.",
         "Gostaria de deixar uma avaliação?",
         "Escrever uma avaliação",
         "Não, obrigado",
         "Sim",
         "Não",
         "Qual foi o problema?",
         "Desatualizado",
         "Pouco claro",
         "Não responde à minha pergunta",
         "Outro",
         "Nada provável",
         "Extremamente provável",
         "Muito insatisfeito",
         "Muito satisfeito",
         "Discordo totalmente",
         "Concordo totalmente",
         "Questionário de satisfação",
         "Avaliação",
         "Passo {current} de {total}",
     },
     {"Insatisfeito", "Neutro", "Satisfeito"},
     {"Muito insatisfeito", "Insatisfeito", "Parcialmente insatisfeito", "Neutro",
      "Parcialmente satisfeito", "Satisfeito", "Muito satisfeito"},
     {"Discordo totalmente", "Discordo", "Discordo parcialmente", "Não concordo nem discordo",
      "Concordo parcialmente", "Concordo", "Concordo totalmente"},
     {"0 – Nada provável", "10 – Extremamente provável"},
     {"1 – Muito insatisfeito", "10 – Muito satisfeito"}},

    // it
    {
     {
         "Quanto è soddisfatto della sua esperienza?",
         "Quanto è probabile che ci consigli a un amico o a un collega?",
         "È stato facile ottenere ciò di cui avevo bisogno.",
         "Questo articolo è stato utile?",
         "Cosa potremmo migliorare?",
         "Cosa avrebbe reso migliore la sua esperienza?",
         "Cosa le è piaciuto di più?",
         "Il suo commento",
         "Ci dica di più (facoltativo)",
         "Caratteri rimanenti: {n}",
         "Invia",
         "Salta",
         "Chiudi",
         "Avanti",
         "Indietro",
         "Grazie per il suo feedback!",
         "Le sue risposte ci aiutano a migliorare.",
         "Vorrebbe lasciarci una recensione?",
         "Scrivi una recensione",
         "No, grazie",
         "Sì",
         "No",
         "Qual è stato il problema?",
         "Non aggiornato",
         "Poco chiaro",
         "Non risponde alla mia domanda",
         "Altro",
         "Per niente probabile",
         "Estremamente probabile",
         "Molto insoddisfatto",
         "Molto soddisfatto",
         "Totalmente in disaccordo",
         "Totalmente d'accordo",
         "Sondaggio di soddisfazione",
         "Valutazione",
         "Passaggio {current} di {total}",
     },
     {"Insoddisfatto", "Neutrale", "Soddisfatto"},
     {"Molto insoddisfatto", "Insoddisfatto", "Piuttosto insoddisfatto", "Neutrale",
      "Piuttosto soddisfatto", "Soddisfatto", "Molto soddisfatto"},
     {"Totalmente in disaccordo", "In disaccordo", "Parzialmente in disaccordo",
      "Né d'accordo né in disaccordo", "Parzialmente d'accordo", "D'accordo", "Totalmente d'accordo"},
     {"0 – Per niente probabile", "10 – Estremamente probabile"},
     {"1 – Molto insoddisfatto", "10 – Molto soddisfatto"}},

    // ar
    {
     {
         "ما مدى رضاك عن تجربتك؟",
         "ما مدى احتمال أن توصي بنا لصديق أو زميل؟",
         "كان من السهل الحصول على ما كنت أحتاجه.",
         "هل كانت هذه المقالة مفيدة؟",
         "ما الذي يمكننا تحسينه؟",
         "ما الذي كان سيجعل تجربتك أفضل؟",
         "ما الذي أعجبك أكثر؟",
         "تعليقك",
         "أخبرنا بالمزيد (اختياري)",
         "الأحرف المتبقية: {n}",
         "إرسال",
         "تخطي",
         "إغلاق",
         "التالي",
         "رجوع",
         "شكرًا لك على ملاحظاتك!",
         "إجاباتك تساعدنا على التحسين.",
         "هل تود أن تترك لنا تقييمًا؟",
         "كتابة تقييم",
         "لا، شكرًا",
         "نعم",
         "لا",
         "ما المشكلة؟",
         "معلومات قديمة",
         "غير واضح",
         "لم تتم الإجابة عن سؤالي",
         "غير ذلك",
         "غير محتمل على الإطلاق",
         "محتمل للغاية",
         "غير راضٍ جدًا",
         "راضٍ جدًا",
         "لا أوافق بشدة",
         "أوافق بشدة",
         "استطلاع رأي",
         "التقييم",
         "الخطوة {current} من {total}",
     },
     {"غير راضٍ", "محايد", "راضٍ"},
     {"غير راضٍ جدًا", "غير راضٍ", "غير راضٍ إلى حد ما", "محايد", "راضٍ إلى حد ما", "راضٍ",
      "راضٍ جدًا"},
     {"لا أوافق بشدة", "لا أوافق", "لا أوافق إلى حد ما", "لا أوافق ولا أعارض", "أوافق إلى حد ما",
      "أوافق", "أوافق بشدة"},
     {"0 – غير محتمل على الإطلاق", "10 – محتمل للغاية"},
     {"1 – غير راضٍ جدًا", "10 – راضٍ جدًا"}},

    // he
    {
     {
         "עד כמה אתם מרוצים מהחוויה?",
         "מה הסיכוי שתמליצו עלינו לחבר או לעמית?",
         "היה קל להשיג את מה שחיפשתי.",
         "האם המאמר הזה היה מועיל?",
         "מה נוכל לשפר?",
         "מה היה משפר את החוויה?",
         "מה הכי אהבתם?",
         "התגובה שלכם",
         "ספרו לנו עוד (לא חובה)",
         "תווים שנותרו: {n}",
         "שליחה",
         "דילוג",
         "סגירה",
         "הבא",
         "חזרה",
         "תודה על המשוב!",
         "התשובות שלכם עוזרות לנו להשתפר.",
         "תרצו להשאיר לנו חוות דעת?",
         "כתיבת חוות דעת",
         "לא, תודה",
         "כן",
         "לא",
         "מה הייתה הבעיה?",
         "לא עדכני",
         "לא ברור",
         "לא ענה על השאלה שלי",
         "אחר",
         "בכלל לא סביר",
         "סביר מאוד",
         "מאוד לא מרוצה",
         "מאוד מרוצה",
         "אי הסכמה מוחלטת",
         "הסכמה מוחלטת",
         "סקר משוב",
         "דירוג",
         "שלב {current} מתוך {total}",
     },
     {"לא מרוצה", "ניטרלי", "מרוצה"},
     {"מאוד לא מרוצה", "לא מרוצה", "די לא מרוצה", "ניטרלי", "די מרוצה", "מרוצה", "מאוד מרוצה"},
     {"אי הסכמה מוחלטת", "אי הסכמה", "אי הסכמה חלקית", "עמדה ניטרלית", "הסכמה חלקית", "הסכמה",
      "הסכמה מוחלטת"},
     {"0 – בכלל לא סביר", "10 – סביר מאוד"},
     {"1 – מאוד לא מרוצה", "10 – מאוד מרוצה"}},
#endif
};

constexpr std::size_t translation_count = sizeof(translations) / sizeof(translations[0]);
static_assert(translation_count <= catalog_count, "every translation row has its catalog entry");
// csat5's points within csat7: Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied.
constexpr int csat5_index[5] = {0, 1, 3, 5, 6};

// Numeric points in the middle of nps and csat10 are the bare number in every locale.
const char* const numbers[11] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alpha_ascii(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space_ascii(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A missing table entry reads as "" rather than undefined behaviour; the tests make sure there is none.
std::string_view view(const char* s) { return s ? std::string_view(s) : std::string_view(); }

Locale to_locale(const LocaleInfo& info) { return Locale{info.code, info.name, info.rtl}; }

// A locale pack's strings, owned: added at run time, never removed (Locale views and the
// Translation's pointers stay valid for the whole program).
struct PackedTranslation {
  std::vector<std::string> strings;
  Translation table{};
};

// The strings of each catalog entry: the compiled-in rows, then packs as they are added.
const Translation*& loaded_translation(std::size_t index) {
  static const Translation* loaded[catalog_count] = {};
  static const bool filled = [] {
    for (std::size_t i = 0; i < translation_count; ++i) loaded[i] = &translations[i];
    return true;
  }();
  (void)filled;
  return loaded[index];
}

// The catalog index for a language tag, or catalog_count. Only the primary subtag matters
// because every locale is a whole language.
std::size_t catalog_index(std::string_view tag) {
  while (!tag.empty() && is_space_ascii(tag.front())) tag.remove_prefix(1);
  while (!tag.empty() && is_space_ascii(tag.back())) tag.remove_suffix(1);
  std::size_t length = 0;
  while (length < tag.size() && is_alpha_ascii(tag[length])) ++length;
  // BCP 47 primary subtags are 2–3 letters, followed by the end or a subtag separator; anything
  // else ("english", "en;q=0.8", "*") is not a tag we can trust.
  if (length < 2 || length > 3) return catalog_count;
  if (length < tag.size() && tag[length] != '-' && tag[length] != '_') return catalog_count;
  char primary[3] = {lower_ascii(tag[0]), lower_ascii(tag[1]), length == 3 ? lower_ascii(tag[2]) : '\0'};
  std::string_view language(primary, length);
  // Browsers and old CMSs still send the pre-1989 code for Hebrew.
  if (language == "iw") language = "he";
  for (std::size_t i = 0; i < catalog_count; ++i) {
    if (language == catalog[i].code) return i;
  }
  return catalog_count;
}

// The strings for a Locale value; English for codes without strings here, so a hand-made Locale
// (or one whose pack has not been added) still shows something readable.
const Translation& translation_for(const Locale& locale) {
  const std::size_t index = catalog_index(locale.code);
  const Translation* t = index < catalog_count ? loaded_translation(index) : nullptr;
  return t ? *t : translations[0];
}

// Every string slot of a translation with its place in a pack: a text key, or a scale's list.
template <typename Table, typename Visit>
void for_each_slot(Table& t, Visit&& visit) {
  for (std::size_t k = 0; k < text_key_count; ++k) visit(t.texts[k], "texts", key_names[k], k);
  for (std::size_t i = 0; i < 3; ++i) visit(t.emoji3[i], "emoji3", nullptr, i);
  for (std::size_t i = 0; i < 7; ++i) visit(t.csat7[i], "csat7", nullptr, i);
  for (std::size_t i = 0; i < 7; ++i) visit(t.ces7[i], "ces7", nullptr, i);
  for (std::size_t i = 0; i < 2; ++i) visit(t.nps_ends[i], "nps_ends", nullptr, i);
  for (std::size_t i = 0; i < 2; ++i) visit(t.csat10_ends[i], "csat10_ends", nullptr, i);
}

constexpr std::size_t kMaxPackText = 500;  // bytes; the longest built-in text is under 100

}  // namespace

std::string_view to_string(TextKey key) {
  const auto index = static_cast<std::size_t>(key);
  return index < text_key_count ? key_names[index] : "";
}

std::optional<TextKey> text_key_from_string(std::string_view name) {
  for (std::size_t i = 0; i < text_key_count; ++i) {
    if (name == key_names[i]) return static_cast<TextKey>(i);
  }
  return std::nullopt;
}

const std::vector<Locale>& builtin_locales() {
  static const std::vector<Locale> locales = [] {
    std::vector<Locale> out;
    out.reserve(catalog_count);
    for (const LocaleInfo& info : catalog) out.push_back(to_locale(info));
    return out;
  }();
  return locales;
}

std::optional<Locale> find_locale(std::string_view tag) {
  const std::size_t index = catalog_index(tag);
  if (index == catalog_count) return std::nullopt;
  return to_locale(catalog[index]);
}

Locale negotiate_locale(std::string_view config_locale, std::string_view page_lang,
                        const std::vector<std::string>& navigator_languages) {
  if (auto found = find_locale(config_locale)) return *found;
  if (auto found = find_locale(page_lang)) return *found;
  for (const std::string& language : navigator_languages) {
    if (auto found = find_locale(language)) return *found;
  }
  return to_locale(catalog[0]);
}

bool locale_has_texts(const Locale& locale) {
  const std::size_t index = catalog_index(locale.code);
  return index < catalog_count && loaded_translation(index) != nullptr;
}

Json locale_pack_json(const Locale& locale) {
  const std::size_t index = catalog_index(locale.code);
  if (index == catalog_count || !loaded_translation(index)) return nullptr;
  Json pack = Json::object();
  pack["code"] = catalog[index].code;
  pack["name"] = catalog[index].name;
  pack["dir"] = catalog[index].rtl ? "rtl" : "ltr";
  pack["texts"] = Json::object();
  for_each_slot(*loaded_translation(index), [&](const char* text, const char* list, const char* key, std::size_t) {
    if (key) pack["texts"][key] = view(text);
    else pack[list].push_back(view(text));
  });
  return pack;
}

Status add_locale_pack(const Json& pack) {
  const auto invalid = [](const std::string& path, const std::string& message) {
    return Error{"locale.pack_invalid", path, message};
  };
  if (!pack.is_object()) return invalid("$", "a locale pack must be a JSON object");
  const auto code = pack.find("code");
  if (code == pack.end() || !code->is_string()) return invalid("$.code", "the pack needs its \"code\", like \"nl\"");
  const std::size_t index = catalog_index(code->get_ref<const std::string&>());
  if (index == catalog_count || code->get_ref<const std::string&>() != catalog[index].code) {
    return invalid("$.code", "\"" + code->get_ref<const std::string&>().substr(0, 20) + "\" is not a locale csatkit translates");
  }
  if (loaded_translation(index)) return Ok{};  // compiled in or added before: the strings are the same

  static std::vector<std::unique_ptr<PackedTranslation>> packs;
  auto added = std::make_unique<PackedTranslation>();
  std::optional<Error> problem;
  // First every string, so that the table's pointers are taken once the vector no longer grows.
  for_each_slot(added->table, [&](const char*&, const char* list, const char* key, std::size_t i) {
    if (problem) return;
    const Json* value = nullptr;
    std::string path = std::string("$.") + list;
    if (key) {
      const auto texts = pack.find("texts");
      path += std::string(".") + key;
      if (texts != pack.end() && texts->is_object() && texts->contains(key)) value = &(*texts)[key];
    } else {
      const auto values = pack.find(list);
      path += "[" + std::to_string(i) + "]";
      if (values != pack.end() && values->is_array() && i < values->size()) value = &(*values)[i];
    }
    if (!value || !value->is_string() || value->get_ref<const std::string&>().empty()) {
      problem = invalid(path, "a locale pack needs every text, as a non-empty string");
    } else if (value->get_ref<const std::string&>().size() > kMaxPackText) {
      problem = invalid(path, "a text of a locale pack may be at most 500 bytes");
    } else {
      added->strings.push_back(value->get_ref<const std::string&>());
    }
  });
  if (problem) return *problem;
  std::size_t next = 0;
  for_each_slot(added->table, [&](const char*& slot, const char*, const char*, std::size_t) {
    slot = added->strings[next++].c_str();
  });
  loaded_translation(index) = &added->table;
  packs.push_back(std::move(added));
  return Ok{};
}

std::string_view text(const Locale& locale, TextKey key) {
  const auto index = static_cast<std::size_t>(key);
  if (index >= text_key_count) return "";
  return view(translation_for(locale).texts[index]);
}

std::string_view point_label(const Locale& locale, const Scale& scale, int value) {
  if (!scale.contains(value)) return "";
  const Translation& t = translation_for(locale);
  const std::string& id = scale.id();
  const int i = value - scale.min();
  if (id == "emoji3") return view(t.emoji3[i]);
  if (id == "csat5") return view(t.csat7[csat5_index[i]]);
  if (id == "csat7") return view(t.csat7[i]);
  if (id == "ces7") return view(t.ces7[i]);
  if (id == "helpful") return text(locale, value == 1 ? TextKey::HelpfulYes : TextKey::HelpfulNo);
  if (id == "nps" || id == "csat10") {
    const char* const* ends = id == "nps" ? t.nps_ends : t.csat10_ends;
    if (value == scale.min()) return view(ends[0]);
    if (value == scale.max()) return view(ends[1]);
    return numbers[value];
  }
  return "";
}

}  // namespace csatkit
