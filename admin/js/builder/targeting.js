// Builder sections about when and to whom the survey shows, and how it looks.

import { codeBlock, h } from '../dom.js'
import { TRIGGER_LABELS } from '../format.js'
import { bound, boolControl, numberControl, ruleList, selectControl, setControl, textControl, textKeyControl } from './controls.js'
import { fromLocalInput, get, set, toLocalInput, triggerDefaults } from './model.js'
import { surveyFormat } from '../survey-format.js'

/** The element an inline survey is placed with; its min-height is the card's (an NPS on a phone), so nothing shifts. */
export const inlineElement = id => `<div data-touchpoint-survey="${id}" style="min-height:300px"></div>`

export function trigger(ctx) {
  const t = ctx.draft.trigger
  const types = Object.keys(surveyFormat().trigger_defaults).map(k => [k, TRIGGER_LABELS[k]])
  const pick = type => { ctx.draft.trigger = { type, ...triggerDefaults(type) } }
  const options = {
    page_view: () => bound('Delay (seconds)', 'trigger.delay_seconds', numberControl(ctx, 'trigger.delay_seconds', { min: 0, max: 3600 }), '0 shows it as soon as the page is ready.'),
    time_on_page: () => bound('Seconds on the page', 'trigger.seconds', numberControl(ctx, 'trigger.seconds', { min: 1, max: 3600 }), 'Counts only while the tab is visible.'),
    scroll_depth: () => bound('Scrolled (%)', 'trigger.percent', numberControl(ctx, 'trigger.percent', { min: 1, max: 100 })),
    exit_intent: () => [
      bound('Shortest visit first (seconds)', 'trigger.min_dwell_seconds', numberControl(ctx, 'trigger.min_dwell_seconds', { min: 0, max: 600 }),
        'On computers: when the pointer leaves through the top of the window after this long.'),
      boolControl(ctx, 'trigger.touch', 'On phones and tablets too (a quick scroll up, or coming back to the tab)')],
    cart_abandonment: () => [
      bound('Idle on a cart page (seconds)', 'trigger.idle_seconds', numberControl(ctx, 'trigger.idle_seconds', { min: 5, max: 3600 })),
      boolControl(ctx, 'trigger.exit_intent', 'Also when the visitor is about to leave with a full cart'),
      h('div', { class: 'field', dataset: { field: 'trigger.cart_pages' } }, h('span', { class: 'label', text: 'Cart and checkout pages' }),
        ruleList(ctx, 'trigger.cart_pages', { empty: 'No cart pages: only leaving with a full cart triggers it.', addLabel: '+ Add a cart page rule' })),
      bound('Cart count element (CSS selector, optional)', 'trigger.count_selector',
        textControl(ctx, 'trigger.count_selector', { emptyAs: null, placeholder: '.cart-count' }),
        'An element whose text is the number of items. Otherwise the cart is known from the JS API, GA4 events or the platform snippet.')],
    click: () => bound('Element (CSS selector)', 'trigger.selector', textControl(ctx, 'trigger.selector', { placeholder: '#help-button' })),
    custom_event: () => bound('Event name', 'trigger.event', textControl(ctx, 'trigger.event', { placeholder: 'signup_done' }),
      'Your page calls touchpoint(\'track\', \'signup_done\').'),
    feedback_button: () => [
      bound('Screen edge', 'trigger.side', selectControl(ctx, 'trigger.side', [['right', 'Right'], ['left', 'Left']]),
        'Shown on every page the audience allows; it opens the survey even after an answer, one popup at a time.'),
      bound(`Tab label (${ctx.draft.default_locale})`, `texts.${ctx.draft.default_locale}.tab`,
        textKeyControl(ctx, ctx.draft.default_locale, 'tab', { placeholder: 'Feedback' }),
        'Other languages: the Texts section. Empty: “Feedback” in the visitor’s language.')],
    inline: () => ctx.surveyId
      ? h('div', { class: 'field wide' }, codeBlock(inlineElement(ctx.surveyId), 'Place this element where the survey goes (HTML)'),
        h('p', { class: 'hint', text: 'The survey fills the element’s width on every page the audience allows, each time the page shows it: no frequency rules, and no popup waits for it. The min-height keeps the page from moving when it appears. React: <TouchpointSurvey id="' + ctx.surveyId + '" />.' }))
      : h('p', { class: 'hint field wide', text: 'Save to get the element to place in your pages.' })
  }
  return [
    bound('Show it', 'trigger.type', selectControl(ctx, 'trigger.type', types, { rerender: true, onPick: pick })),
    h('div', { class: 'grid-2' }, options[t.type]?.())
  ]
}

export function audience(ctx) {
  const a = ctx.draft.audience
  const languages = h('input', { type: 'text', placeholder: 'any language', disabled: ctx.readonly })
  languages.value = (a.languages || []).join(', ')
  languages.addEventListener('input', () => {
    set(ctx.draft, 'audience.languages', languages.value.split(/[\s,]+/).filter(Boolean).map(l => l.toLowerCase()))
    ctx.change()
  })
  return [
    h('div', { class: 'field', dataset: { field: 'audience.include' } }, h('span', { class: 'label', text: 'Only on these pages' }),
      ruleList(ctx, 'audience.include', { empty: 'Every page of the site.', addLabel: '+ Add a page rule' })),
    h('div', { class: 'field', dataset: { field: 'audience.exclude' } }, h('span', { class: 'label', text: 'Never on these pages' }),
      ruleList(ctx, 'audience.exclude', { empty: 'No page is excluded.', addLabel: '+ Exclude pages' })),
    h('p', { class: 'hint', text: 'Path is the part after the domain (/shop/shoes); Full URL includes the domain and ?query. Matching is case-sensitive.' }),
    h('div', { class: 'grid-2' },
      setControl(ctx, 'audience.devices', [['desktop', 'Computers'], ['tablet', 'Tablets'], ['mobile', 'Phones']], 'Devices'),
      bound('Visitors', 'audience.visitor', selectControl(ctx, 'audience.visitor', [['all', 'Everyone'], ['new', 'First-time visitors (first page)'], ['returning', 'Returning visitors']])),
      bound('Languages', 'audience.languages', languages, 'Two-letter codes such as en, ru, de; empty = any language.'),
      bound('From page view number', 'audience.min_page_views', numberControl(ctx, 'audience.min_page_views', { min: 0, max: 1000 }), '0 or 1 = from the first page.'),
      bound('Share of visitors (%)', 'audience.sample_percent', numberControl(ctx, 'audience.sample_percent', { min: 0, max: 100, step: 'any' }),
        'A stable random pick: the same visitors every time.'))
  ]
}

export function frequency(ctx) {
  const f = ctx.draft.frequency
  const when = (path, label) => {
    const el = h('input', { type: 'datetime-local', disabled: ctx.readonly })
    el.value = toLocalInput(get(ctx.draft, path))
    el.addEventListener('input', () => { set(ctx.draft, path, fromLocalInput(el.value)); ctx.change() })
    return bound(label, path, el, 'UTC. Empty = no limit.')
  }
  return [
    h('div', { class: 'grid-2' },
      bound('How often', 'frequency.mode', selectControl(ctx, 'frequency.mode', [
        ['until_answered', 'Until answered (again on later visits)'], ['once', 'Once (never again after showing)'],
        ['every_n_days', 'At most every N days']], { rerender: true })),
      f.mode === 'every_n_days' && bound('Days between showings', 'frequency.days', numberControl(ctx, 'frequency.days', { min: 1, max: 3650 })),
      bound('Quiet days after closing it', 'frequency.dismiss_mute_days', numberControl(ctx, 'frequency.dismiss_mute_days', { min: 0, max: 3650 }),
        'A visitor who closes it without answering does not see it again for this long.'),
      when('schedule_start', 'Starts'),
      when('schedule_end', 'Ends'),
      bound('Stop after this many responses', 'quota', numberControl(ctx, 'quota', { min: 1, nullable: true, placeholder: 'no limit' })))
  ]
}

export function appearance(ctx) {
  const color = h('input', { type: 'color', disabled: ctx.readonly, 'aria-label': 'Pick a colour' })
  const hex = textControl(ctx, 'appearance.brand_color', { maxlength: 7, size: 8, 'aria-label': 'Colour code' })
  color.value = /^#[0-9a-f]{6}$/i.test(ctx.draft.appearance.brand_color) ? ctx.draft.appearance.brand_color : '#4f46e5'
  color.addEventListener('input', () => { hex.value = color.value; set(ctx.draft, 'appearance.brand_color', color.value); ctx.change() })
  hex.addEventListener('input', () => { if (/^#[0-9a-f]{6}$/i.test(hex.value)) color.value = hex.value })
  const brand = h('div', { class: 'field', dataset: { field: 'appearance.brand_color' } },
    h('span', { class: 'label', text: 'Brand colour' }), h('div', { class: 'row' }, color, hex))
  return [
    h('div', { class: 'grid-2' },
      bound('Position', 'appearance.position', selectControl(ctx, 'appearance.position', [
        ['bottom-right', 'Bottom right'], ['bottom-left', 'Bottom left'], ['top-right', 'Top right'], ['top-left', 'Top left'], ['center', 'Centre']])),
      bound('Theme', 'appearance.theme', selectControl(ctx, 'appearance.theme', [['light', 'Light'], ['dark', 'Dark'], ['auto', 'Follow the visitor’s system']])),
      brand,
      bound('Font', 'appearance.font', textControl(ctx, 'appearance.font', { placeholder: 'system-ui, sans-serif' }), 'A CSS font list; the page’s own fonts can be named.')),
    bound('Custom CSS', 'appearance.custom_css', textControl(ctx, 'appearance.custom_css', { rows: 5, class: 'mono', spellcheck: 'false', placeholder: '.w { border-radius: 4px }' }),
      'Applied inside the popup only; it cannot affect your page.')
  ]
}
