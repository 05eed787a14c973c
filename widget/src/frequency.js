// Pure frequency decision: per-survey mode, dismissal mute and the site-wide cooldown.

import { DAY } from './util.js'

/**
 * May survey S be displayed now?
 *   x        this survey's stored state {d: last display, e: its visit number, a: answered, x: dismissed}
 *   last     time of the last display of any survey on this site
 *   cooldown site cooldown_days;  visit  the current visit number;  t  now (ms)
 */
export function allowed(S, x, last, cooldown, visit, t) {
  const f = S.frequency || {}, m = f.mode
  x = x || {}
  if (t - x.x < (f.dismiss_mute_days || 0) * DAY) return false
  if (t - last < (cooldown || 0) * DAY) return false
  if (m == 'once') return !x.d
  if (m == 'every_n_days') return !(t - x.d < (f.days || 30) * DAY)
  return !x.a && x.e != visit // until_answered: again on a later visit, until answered
}
