// Pure audience decisions: URL rules, device, visitor, language, sampling, schedule.

import { primary } from './i18n.js'

const METHODS = { contains: 'includes', starts_with: 'startsWith', ends_with: 'endsWith' }

/**
 * One URL rule {match, value, target} against a location-like {href, pathname}.
 * Case-sensitive. An invalid regex, or an unknown match or target, never matches (nor throws).
 */
export function matchRule(rule, where) {
  const text = { path: where.pathname, url: where.href }[rule.target], value = rule.value, match = rule.match
  try {
    return match == 'exact' ? text === value : match == 'regex' ? new RegExp(value).test(text) : !!text[METHODS[match]](value)
  } catch (error) { return false }
}

export const anyRule = (rules, where) => (rules || []).some(rule => matchRule(rule, where))

/** Include rules (empty = every page) and exclude rules (any match stops the survey). */
export const urlAllowed = (audience, where) =>
  (!(audience.include || [])[0] || anyRule(audience.include, where)) && !anyRule(audience.exclude, where)

/** Stable 0..99 bucket for a visitor and a survey (FNV-1a over "visitor:survey", then a final mix). */
export function bucket(visitorId, surveyId) {
  let hash = 2166136261
  for (const char of visitorId + ':' + surveyId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619)
  hash = Math.imul(hash ^ hash >>> 15, 2246822507)
  return ((hash ^ hash >>> 13) >>> 0) % 100
}

/**
 * The first audience rule of a survey that the visitor does not meet, by name ("" when every
 * rule is met): the visitor is {href, pathname, device_, pageViews_ (this one included),
 * visits_, language_, visitorId_}. "new" is the first page view of the first visit;
 * "returning" is any later visit. The name is what ?touchpoint_debug=1 prints.
 */
export function audienceMiss(survey, visitor) {
  const rules = survey.audience || {}, devices = rules.devices || [], languages = rules.languages || [], who = rules.visitor
  return !urlAllowed(rules, visitor) ? 'page rules'
    : devices[0] && !devices.includes(visitor.device_) ? 'device rule'
    : (who == 'new' ? !(visitor.pageViews_ == 1 && visitor.visits_ == 1) : who == 'returning' && !(visitor.visits_ > 1)) ? 'new/returning visitor rule'
    : visitor.pageViews_ < rules.min_page_views ? 'minimum page views'
    : languages[0] && !languages.includes(primary(visitor.language_)) ? 'language rule'
    : bucket(visitor.visitorId_, survey.id) < (rules.sample_percent ?? 100) ? '' : 'sampling'
}

/** Every audience rule of a survey against the visitor (see audienceMiss). */
export const audience = (survey, visitor) => !audienceMiss(survey, visitor)

/** Inside schedule start (inclusive) and end (exclusive); a missing or unreadable bound is open. */
export const scheduled = (survey, time, schedule = survey.schedule || {}) =>
  !(time < Date.parse(schedule.start) || time >= Date.parse(schedule.end))
