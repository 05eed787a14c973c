// Builder section: the survey's hosted link (/s/<key>) for e-mail, SMS and QR codes: on or off, the channel
// its answers report as, the URL parameters it keeps as hidden fields, whether it takes personal links only
// (single-use tokens), and, once saved, the link, its QR code, an example with the hidden fields filled in, an
// e-mail snippet with the scale as one link per score, and personal links for a list of recipients.

import { api, apiUrl } from '../api.js'
import { codeBlock, field, h, replace } from '../dom.js'
import { surveyFormat } from '../survey-format.js'
import { bound, boolControl, textControl } from './controls.js'
import { get, getText, set } from './model.js'

const escapeHtml = text => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

/**
 * The e-mail block of a scored survey: its question and one link per point of the scale (url + "score=N"; url
 * ends in ? or &), in a table with inline styles, which mail clients draw without JavaScript or stylesheets.
 */
export function emailSnippet(url, question, [low, high], brand) {
  const cells = []
  for (let n = low; n <= high; n++) {
    cells.push(`<td style="padding:2px"><a href="${escapeHtml(url)}score=${n}" style="display:block;min-width:28px;` +
      `padding:8px 0;border:1px solid ${brand};border-radius:6px;color:${brand};font:600 15px Arial,sans-serif;` +
      `text-align:center;text-decoration:none">${n}</a></td>`)
  }
  return `<p style="font:600 16px Arial,sans-serif;margin:0 0 8px">${escapeHtml(question)}</p>\n` +
    `<table role="presentation" cellspacing="0" cellpadding="0" border="0"><tr>${cells.join('')}</tr></table>`
}

/** Hidden field names as one comma-separated input, kept as a list. */
function namesControl(ctx, path) {
  const el = h('input', { type: 'text', placeholder: 'order, customer_id', disabled: ctx.readonly, autocomplete: 'off' })
  el.value = (get(ctx.draft, path) || []).join(', ')
  el.addEventListener('input', () => {
    set(ctx.draft, path, el.value.split(',').map(name => name.trim()).filter(Boolean))
    ctx.change()
  })
  return el
}

/** Personal links for a mail merge: references in, a CSV of ref, token and url out. */
function personalLinks(ctx) {
  const refs = h('textarea', { rows: 4, placeholder: 'A-1001\nA-1002', spellcheck: 'false', disabled: ctx.readonly })
  const result = h('div', { role: 'status', 'aria-live': 'polite' })
  const box = h('div', { class: 'field wide personal-links' },
    field('Recipients (one reference per line: an order number, a customer id)', refs, {
      hint: 'Letters, digits, - and _. Not e-mail addresses: the reference travels in the link.' }),
    h('div', { class: 'actions left' }, h('button', { type: 'button', class: 'btn', text: 'Make personal links', disabled: ctx.readonly, on: { click: make } })),
    result)
  async function make() {
    const list = refs.value.split(/[\s,;]+/).filter(Boolean)
    try {
      const { links } = await api(`/surveys/${ctx.surveyId}/personal-links`, { method: 'POST', body: { refs: list } })
      const csv = ['ref,token,url', ...links.map(l => `${l.ref},${l.token},${l.url}`)].join('\n') + '\n'
      replace(result, h('p', {}, `${links.length} personal link${links.length === 1 ? '' : 's'}. `,
        h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: `survey-${ctx.surveyId}-personal-links.csv`, text: 'Download the CSV' }),
        ' (ref, token, url) for your mail merge.'), codeBlock(links[0].url, `The link of ${links[0].ref}`))
    } catch (err) {
      // said here, not as a builder field's error: the builder's own validation clears those when it answers
      const says = Object.entries(err.errors || {}).map(([name, text]) => {
        const index = name.split('.')[1]
        return (index === undefined ? '' : `“${list[index]}”: `) + text.join(' ')
      })
      replace(result, h('p', { class: 'check-problem', role: 'alert', text: says.join(' ') || err.message }))
    }
  }
  return box
}

export function link(ctx) {
  const d = ctx.draft, on = d.link?.enabled, key = ctx.linkKey()
  const parts = [boolControl(ctx, 'link.enabled', 'Share this survey by a link too (e-mail, SMS, QR code)', { rerender: true })]
  if (!on) return parts
  parts.push(h('div', { class: 'grid-2' },
    bound('Channel', 'link.channel', textControl(ctx, 'link.channel', { placeholder: 'link' }),
      'What its answers report as in results and exports: link, email, sms, qr…'),
    bound('Hidden fields', 'link.hidden_fields', namesControl(ctx, 'link.hidden_fields'),
      'URL parameters kept with each answer, comma-separated. The link itself uses score, kiosk and token.')),
    boolControl(ctx, 'link.single_use', 'Personal links only: one per recipient, and answering again replaces the first answer', { rerender: true }))
  if (!key) {
    parts.push(h('p', { class: 'hint', text: 'Save to get the link and its QR code.' }))
    return parts
  }
  const url = `${location.origin}/s/${key}`, personal = d.link.single_use
  const scale = d.kind !== 'cli' && surveyFormat().scales[d.kind] // one click per point; a CLI score is a mean
  const example = url + ((d.link.hidden_fields || []).length ? '?' + d.link.hidden_fields.map(name => `${name}=…`).join('&') : '')
  const qr = apiUrl(`/surveys/${ctx.surveyId}/link-qr`)
  parts.push(codeBlock(url, 'The link'),
    (d.link.hidden_fields || []).length ? h('p', { class: 'hint' }, 'With hidden fields: ', h('code', { text: example })) : null,
    h('div', { class: 'link-qr' },
      h('img', { src: `${qr}.svg`, alt: `QR code of ${url}`, width: 160, height: 160 }),
      h('p', {}, 'QR code: ', h('a', { href: `${qr}.svg`, download: `survey-link.svg`, text: 'SVG' }), ' · ',
        h('a', { href: `${qr}.png`, download: `survey-link.png`, text: 'PNG' }))),
    scale && codeBlock(emailSnippet(personal ? `${url}?token=TOKEN&` : `${url}?`, getText(d, d.default_locale, `q.${d.questions[0].id}`), scale,
      d.appearance?.brand_color || '#4f46e5'), personal ? 'E-mail snippet: the scale as links (HTML; your mail merge puts each recipient’s token in place of TOKEN)' : 'E-mail snippet: the scale as links (HTML)'),
    personal && personalLinks(ctx),
    h('p', { class: 'hint', text: personal
      ? 'This link opens only with a recipient’s token (?token=…); a personal link answered again replaces its first answer. Opening it records nothing.'
      : 'Opening the link records nothing: only an answer given on its page is stored. To keep the survey off your website, pick “Only through its link” under When it shows.' }))
  return parts.filter(Boolean)
}
