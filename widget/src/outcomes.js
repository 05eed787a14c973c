// Pure outcome decisions: main score, category, share URLs, review and recovery URLs.

const DEF = { nps: [9, 6], csat: [5, 2], ces: [6, 3], cli: [9, 6] }
const e = encodeURIComponent

/** [promoter_min, detractor_max] of a scored survey, the kind's defaults filling gaps; undefined for custom. */
export function thresholds(S) {
  const d = DEF[S.kind], o = S.outcomes || {}
  return d && [o.promoter_min ?? d[0], o.detractor_max ?? d[1]]
}

/** The main score of the first question's answer: the CLI mean to one decimal, else the answer itself. */
export const mainScore = (q, v) =>
  q.type == 'cli' ? Math.round((v.recommend + v.buy_again + v.try_other) / .3) / 10 : v

/** promoter / passive / detractor, or null for custom surveys and missing scores. */
export function category(S, s) {
  const t = thresholds(S)
  return !t || s == null ? null : s >= t[0] ? 'promoter' : s <= t[1] ? 'detractor' : 'passive'
}

/** The URL normalised when it is http(s), else "" (javascript:, data:, relative… are refused). */
export function safeUrl(u) {
  try { if (/^https?:$/.test((u = new URL(u)).protocol)) return u.href } catch (x) {}
  return ''
}

/** Share link of a network for a URL and a prefilled text; undefined for "copy" and unknown names. */
export function shareUrl(n, url, text) {
  const u = e(url), t = e(text || ''), tu = t ? t + '%20' + u : u
  return {
    x: 'https://twitter.com/intent/tweet?text=' + t + '&url=' + u,
    facebook: 'https://www.facebook.com/sharer/sharer.php?u=' + u,
    linkedin: 'https://www.linkedin.com/sharing/share-offsite/?url=' + u,
    vk: 'https://vk.com/share.php?url=' + u + '&title=' + t,
    telegram: 'https://t.me/share/url?url=' + u + '&text=' + t,
    whatsapp: 'https://wa.me/?text=' + tu,
    email: 'mailto:?subject=' + t + '&body=' + tu
  }[n]
}

/**
 * Where a detractor goes: the survey's recovery_url (http/https only) with response_id and
 * score appended as query parameters (before any #fragment), else the hosted page
 * {base}/r/{response_id}?score={score}.
 */
export function recoveryUrl(S, base, id, score) {
  const u = safeUrl((S.outcomes || {}).recovery_url), q = 'score=' + e(score)
  if (!u) return base + '/r/' + e(id) + '?' + q
  const [, a, f] = u.match(/([^#]*)(.*)/)
  return a + (!a.includes('?') ? '?' : /[?&]$/.test(a) ? '' : '&') + 'response_id=' + e(id) + '&' + q + f
}
