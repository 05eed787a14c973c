// Pure outcome decisions: share URLs, the review link's safety, where a detractor goes, and
// whether a detractor's recovery form can be sent (the server's rule, held to it by
// tests/fixtures/recovery_form.json).

const encode = encodeURIComponent

/** The URL normalised when it is http(s), else "" (javascript:, data:, relative… are refused). */
export function safeUrl(url) {
  try { if (/^https?:$/.test((url = new URL(url)).protocol)) return url.href } catch (error) {}
  return ''
}

/** Share link of a network for a URL and a prefilled text; undefined for "copy" and unknown names. */
export function shareUrl(network, url, text) {
  const link = encode(url), words = encode(text || ''), both = words ? words + '%20' + link : link
  return {
    x: 'https://twitter.com/intent/tweet?text=' + words + '&url=' + link,
    facebook: 'https://www.facebook.com/sharer/sharer.php?u=' + link,
    linkedin: 'https://www.linkedin.com/sharing/share-offsite/?url=' + link,
    vk: 'https://vk.com/share.php?url=' + link + '&title=' + words,
    telegram: 'https://t.me/share/url?url=' + link + '&text=' + words,
    whatsapp: 'https://wa.me/?text=' + both,
    email: 'mailto:?subject=' + words + '&body=' + both
  }[network]
}

/**
 * Where a detractor goes: the survey's recovery_url (http/https only) with response_id and
 * score appended as query parameters (before any #fragment), else the hosted page
 * {base}/r/{response_id}?score={score}. The score is shown to one decimal.
 */
export function recoveryUrl(survey, base, responseId, score) {
  const url = safeUrl((survey.outcomes || {}).recovery_url), query = 'score=' + encode(+(+score).toFixed(1))
  if (!url) return base + '/r/' + encode(responseId) + '?' + query
  const [, address, fragment] = url.match(/([^#]*)(.*)/)
  return address + (!address.includes('?') ? '?' : /[?&]$/.test(address) ? '' : '&') +
    'response_id=' + encode(responseId) + '&' + query + fragment
}

/**
 * What is wrong with a recovery form, by field ({} when it can be sent): a note or an e-mail,
 * a note of at most 5,000 characters, an e-mail that looks like one and only with consent.
 */
export function recoveryErrors(message, email, consent) {
  const errors = {}
  if (!message && !email) errors.message = 'need'
  if (message.length > 5e3) errors.message = 'long'
  if (email && (email.length > 254 || !email.includes('@') || /[\s\x00-\x1f\x7f]/.test(email))) errors.email = 'email'
  if (email && !consent) errors.consent = 'consent'
  return errors
}
