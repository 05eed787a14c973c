// Pure frequency decision: per-survey mode, dismissal mute and the site-wide cooldown.

import { DAY } from './util.js'

/**
 * May this survey be displayed now?
 *   shown        its stored state {displayedAt_, displayVisit_, answeredAt_, dismissedAt_}
 *   lastDisplay  time of the last display of any survey on this site
 *   cooldown     the site's cooldown_days;  visit  the current visit number;  time  now (ms)
 */
export function allowed(survey, shown, lastDisplay, cooldown, visit, time) {
  const frequency = survey.frequency || {}, mode = frequency.mode
  shown = shown || {}
  if (time - shown.dismissedAt_ < (frequency.dismiss_mute_days || 0) * DAY) return false
  if (time - lastDisplay < (cooldown || 0) * DAY) return false
  if (mode == 'once') return !shown.displayedAt_
  if (mode == 'every_n_days') return !(time - shown.displayedAt_ < (frequency.days || 30) * DAY)
  return !shown.answeredAt_ && shown.displayVisit_ != visit // until_answered: again on a later visit, until answered
}
