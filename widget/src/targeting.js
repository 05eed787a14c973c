// Pure audience decisions: URL rules, device, visitor, language, sampling, schedule.

import { primary } from './i18n.js'

/**
 * One URL rule {match, value, target} against a location-like {href, pathname}.
 * Case-sensitive. An invalid regex, or an unknown match or target, never matches (nor throws).
 */
export function matchRule(r, L) {
  const s = { path: L.pathname, url: L.href }[r.target], v = r.value, m = r.match
  try {
    return m == 'exact' ? s === v : m == 'regex' ? new RegExp(v).test(s)
      : !!s[{ contains: 'includes', starts_with: 'startsWith', ends_with: 'endsWith' }[m]](v)
  } catch (e) { return false }
}

export const anyRule = (rs, L) => (rs || []).some(r => matchRule(r, L))

/** Include rules (empty = every page) and exclude rules (any match stops the survey). */
export const urlOk = (a, L) => (!(a.include || [])[0] || anyRule(a.include, L)) && !anyRule(a.exclude, L)

/** Stable 0..99 bucket for a visitor and a survey (FNV-1a over "visitor:survey", then a final mix). */
export function bucket(vid, sid) {
  let h = 2166136261
  for (const c of vid + ':' + sid) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
  h = Math.imul(h ^ h >>> 15, 2246822507)
  return ((h ^ h >>> 13) >>> 0) % 100
}

/**
 * Every audience rule of a survey against the visitor context
 * v = {href, pathname, device, pv (page views incl. this one), visits, lang, vid}.
 * "new" is the first page view of the first visit; "returning" is any later visit.
 */
export function audience(S, v) {
  const a = S.audience || {}, d = a.devices || [], g = a.languages || [], w = a.visitor
  return urlOk(a, v)
    && (!d[0] || d.includes(v.device))
    && (w == 'new' ? v.pv == 1 && v.visits == 1 : w != 'returning' || v.visits > 1)
    && !(v.pv < a.min_page_views)
    && (!g[0] || g.includes(primary(v.lang)))
    && bucket(v.vid, S.id) < (a.sample_percent ?? 100)
}

/** Inside schedule start (inclusive) and end (exclusive); a missing or unreadable bound is open. */
export const scheduled = (S, t, c = S.schedule || {}) => !(t < Date.parse(c.start) || t >= Date.parse(c.end))
