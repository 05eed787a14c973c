// Locale choice and text lookup (SURVEY-FORMAT "Texts"), plus the built-in UI strings.

/** The primary language subtag, lower-cased: "pt-BR" → "pt". */
export const primary = locale => ('' + (locale || '')).split(/[-_]/)[0].toLowerCase()

/** The page's language, else the browser's: what a survey's texts are chosen by. */
export const language = () => document.documentElement.lang || navigator.language

/** A locale tag the server accepts (letters, then -alnum subtags, ≤ 35 chars); "" when unusable. */
export const normLocale = locale => (('' + (locale || '')).match(/^[a-z]{2,8}(-[a-z0-9]{1,8})*/i) || [''])[0].slice(0, 35)

// Built-in strings: buttons and scale labels, used after every survey catalogue (what follows the
// thanks has its own, in outcome-texts.json, loaded with the outcome file).
export const UI = {
  en: {
    next: 'Next', send: 'Send', close: 'Close', thanks: 'Thank you!', followup: 'Why this score?',
    'nps.low': 'Not likely', 'nps.high': 'Very likely', 'csat.low': 'Very bad', 'csat.high': 'Very good',
    'ces.low': 'Strongly disagree', 'ces.high': 'Strongly agree'
  },
  ar: {
    next: 'التالي', send: 'إرسال', close: 'إغلاق', thanks: 'شكرًا لك!', followup: 'لماذا هذا التقييم؟',
    'nps.low': 'غير محتمل', 'nps.high': 'محتمل جدًا', 'csat.low': 'سيئ جدًا', 'csat.high': 'جيد جدًا',
    'ces.low': 'لا أوافق بشدة', 'ces.high': 'أوافق بشدة'
  },
  he: {
    next: 'הבא', send: 'שליחה', close: 'סגירה', thanks: 'תודה!', followup: 'למה הציון הזה?',
    'nps.low': 'לא סביר', 'nps.high': 'סביר מאוד', 'csat.low': 'גרוע מאוד', 'csat.high': 'טוב מאוד',
    'ces.low': 'לא מסכים בכלל', 'ces.high': 'מסכים מאוד'
  },
  ru: {
    next: 'Далее', send: 'Отправить', close: 'Закрыть', thanks: 'Спасибо!', followup: 'Почему такая оценка?',
    'nps.low': 'Маловероятно', 'nps.high': 'Очень вероятно', 'csat.low': 'Очень плохо', 'csat.high': 'Отлично',
    'ces.low': 'Совсем не согласен', 'ces.high': 'Полностью согласен'
  }
}

/**
 * The survey's text locales to use, best first: the visitor's exact locale, its primary
 * subtag, then default_locale (compared case-insensitively; empty catalogues skipped).
 */
export function locales(survey, locale) {
  const texts = survey.texts || {}, found = []
  for (const wanted of [locale, primary(locale), survey.default_locale]) {
    for (const key in texts) {
      if (key.toLowerCase() == ('' + wanted).toLowerCase().replace('_', '-') && !found.includes(key) && Object.keys(texts[key])[0]) found.push(key)
    }
  }
  return found
}

/**
 * A lookup text(key, fallbackKey…) → text. Catalogues are tried in locale order and, within
 * one catalogue, the keys in the order given, so a visitor never gets a mix of languages
 * when a closer locale has a generic text. The built-in strings (builtIn: language → strings, with
 * en; UI for the popup, the feedback tab has its own) come last, in the language of the best
 * survey locale (where builtIn has it, else English).
 */
export function lookup(survey, locale, builtIn) {
  const found = locales(survey, locale), catalogues = found.map(key => survey.texts[key])
  catalogues.push(builtIn[primary(found[0] || locale)] || builtIn.en)
  return (...keys) => {
    for (const catalogue of catalogues) for (const key of keys) if (catalogue[key]) return '' + catalogue[key]
    return ''
  }
}
