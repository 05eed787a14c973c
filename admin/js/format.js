// Words and numbers as marketers read them: metric names, scores, dates, triggers, stages.

export const STAGES = ['awareness', 'consideration', 'interest', 'intent', 'purchase', 'post-purchase', 'retention', 'advocacy', 'loyalty']
export const STAGE_LABELS = {
  awareness: 'Awareness', consideration: 'Consideration', interest: 'Interest', intent: 'Intent', purchase: 'Purchase',
  'post-purchase': 'Post-purchase', retention: 'Retention', advocacy: 'Advocacy', loyalty: 'Loyalty'
}
export const KIND_LABELS = { nps: 'NPS', csat: 'CSAT', ces: 'CES', cli: 'CLI', custom: 'Custom' }
export const METRIC_LABELS = { nps: 'NPS', csat: 'CSAT', ces: 'Customer effort', cli: 'Loyalty index' }
export const STATUS_LABELS = { draft: 'Draft', active: 'Live', paused: 'Paused' }
export const DEVICE_LABELS = { desktop: 'Desktop', tablet: 'Tablet', mobile: 'Phone' }
export const CATEGORY_LABELS = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' }
export const ROLE_LABELS = { admin: 'Admin', agent: 'Agent', viewer: 'Viewer' }
export const CASE_STATUS_LABELS = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved' }
export const RESOLUTION_LABELS = { contacted: 'Contacted', refunded: 'Refunded', fixed: 'Fixed', no_action_possible: 'No action possible', duplicate: 'Duplicate' }
export const TRIGGER_LABELS = {
  page_view: 'When the page loads', time_on_page: 'After time on the page', scroll_depth: 'After scrolling',
  exit_intent: 'When the visitor is about to leave', cart_abandonment: 'When a full cart is abandoned',
  click: 'When an element is clicked', custom_event: 'On a custom event', feedback_button: 'Feedback tab on the page edge',
  inline: 'Inline, in the page where you place it',
  link_only: 'Only through its link (never on the website)',
  manual: 'Opened from code'
}

/** A response's channel in words: the popup is "Website", a survey link's label is shown as it is. */
export const channelLabel = channel => channel === 'web' ? 'Website' : channel || '—'

/** The headline value with its unit: "+20", "60 %", "5.2 / 7". */
export function scoreText(metric, value) {
  if (value == null) return '—'
  if (metric === 'nps') return (value > 0 ? '+' : value < 0 ? '−' : '') + Math.abs(Math.round(value))
  if (metric === 'csat') return `${round1(value)} %`
  if (metric === 'ces') return `${round1(value)} / 7`
  if (metric === 'cli') return `${round1(value)} / 10`
  return String(value)
}

const round1 = v => (Math.round(v * 10) / 10).toLocaleString('en', { maximumFractionDigits: 1 })

/** "1,234". */
export const count = n => (n ?? 0).toLocaleString('en')

/** "25 %" or "—". */
export const percent = v => v == null ? '—' : `${round1(v)} %`

/** "5.5 h", "2.1 days" or "—" for a number of hours. */
export function hoursText(value) {
  if (value == null) return '—'
  return value < 48 ? `${round1(value)} h` : `${round1(value / 24)} days`
}

/** "3 Mar 2025, 10:00" in the reader's time zone. */
export function dateTime(iso) {
  if (!iso) return ''
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** "3 Mar" for a YYYY-MM-DD bucket, "Mar 2025" for months. */
export function bucketLabel(day, bucket) {
  const d = new Date(day + 'T00:00:00Z')
  if (bucket === 'month') return d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
}

/** YYYY-MM-DD of the day N days before today in a time zone (the site's: its results count days there). */
export function daysAgo(n, timeZone = 'UTC') {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date()).split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10)
}

/** A trigger in words, with its main option: "When the visitor is about to leave (after 5 s)". */
export function triggerText(trigger) {
  if (!trigger) return ''
  const base = TRIGGER_LABELS[trigger.type] || trigger.type
  const detail = {
    page_view: trigger.delay_seconds ? `after ${trigger.delay_seconds} s` : '',
    time_on_page: trigger.seconds ? `${trigger.seconds} s` : '',
    scroll_depth: trigger.percent ? `${trigger.percent} %` : '',
    exit_intent: trigger.min_dwell_seconds ? `after ${trigger.min_dwell_seconds} s on the page` : '',
    click: trigger.selector || '',
    custom_event: trigger.event || '',
    feedback_button: trigger.side ? `${trigger.side} edge` : ''
  }[trigger.type]
  return detail ? `${base} (${detail})` : base
}

/** "promoter" → "Promoter"; anything unknown passes through. */
export const label = (table, key) => table[key] || key || '—'
