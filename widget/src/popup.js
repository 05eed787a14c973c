// One survey on screen: question steps, the score-dependent follow-up, the outcome screen.

import { h, frame, editable } from './render.js'
import { category, mainScore, recoveryUrl, safeUrl, shareUrl, thresholds } from './outcomes.js'
import { lookup } from './i18n.js'
import { queued } from './queue.js'

const SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7], cli: [0, 10] }
const NETS = { x: 'X', facebook: 'Facebook', linkedin: 'LinkedIn', vk: 'VK', telegram: 'Telegram', whatsapp: 'WhatsApp', email: 'E-mail' }
const sleep = ms => new Promise(r => setTimeout(r, ms))

/**
 * Show survey S. E = {lang, base, rid, preview, step, cat,
 * answer({answers, completed, score, category, first}), closed(answered)}.
 * In preview nothing is stored or sent, and a detractor is shown the recovery URL instead of going there.
 */
export function open(S, E) {
  const t = lookup(S, E.lang), o = S.outcomes || {}, ans = {}, seq = [...S.questions || []], main = seq[0], scored = SCALES[S.kind]
  const fu = { id: 'followup', type: 'text', max_length: S.followup?.max_length } // a text step right after the main score
  S.followup?.enabled && scored && seq.splice(1, 0, fu)
  let score, cat, answered = 0, first, closed
  const F = frame(S, t('title'), t('close'), () => { closed = 1; E.closed(answered) }), add = (...k) => F.body.append(...k)
  const focus = () => editable(document.activeElement) || F.box.focus({ preventScroll: true })
  const btn = (text, onclick, cls) => h('button', { class: cls, text, onclick }) // no <form>: no type needed
  const head = text => add(h('p', { class: 'q', id: 'tq', text }))
  /** A group of answer buttons; the chosen one is marked aria-pressed. */
  const choose = (lab, vals, label, pick, cls = 'o v') => {
    const b = vals.map(v => btn(label(v), e => { b.forEach(x => x.setAttribute('aria-pressed', x == e.currentTarget)); pick(v) }))
    return h('div', { class: cls, role: 'group', 'aria-labelledby': lab }, ...b)
  }

  function go(i) {
    F.body.replaceChildren()
    const q = seq[i]
    if (!q) return outcome()
    const { id, type } = q, opts = q.options || [], scale = SCALES[type], req = q.required ?? !!scale
    const next = v => {
      if (v != null && v + '' !== '') first = first || Date.now(), ans[id] = v
      if (scored && q == main && id in ans) cat = category(S, score = mainScore(q, v))
      if (answered = Object.keys(ans)[0] ? 1 : 0) E.answer({ answers: { ...ans }, completed: !seq[i + 1], score, category: cat, first })
      go(i + 1)
    }
    const opt = v => t('q.' + id + '.' + v) || v
    const foot = f => add(h('div', { class: 'o f' }, btn(t(seq[i + 1] ? 'next' : 'send'), f, 'p')))
    head(id == 'followup' ? t('followup.' + cat, 'followup') : t('q.' + id))
    if (scale) {
      const [lo, hi] = scale, nums = [], row = (lab, pick) => {
        const g = choose(lab, nums, n => n, pick, 's' + (hi - lo > 9 ? ' e' : ''))
        g.style.setProperty('--n', nums.length)
        return g
      }
      for (let n = lo; n <= hi; n++) nums.push(n)
      if (type == 'cli') {
        const v = {}
        for (const k of ['recommend', 'buy_again', 'try_other']) add(h('p', { id: k, text: opt(k) }), row(k, n => { v[k] = n; Object.keys(v)[2] && next(v) }))
      } else add(row('tq', next))
      add(h('div', { class: 'l' }, ...['low', 'high'].map(e => h('span', { text: t('q.' + id + '.' + e, type + '.' + e, 'nps.' + e) }))))
    } else if (type == 'single') {
      add(choose('tq', opts, opt, next))
      req || foot(() => next())
    } else {
      const boxes = opts.map(v => h('input', { type: 'checkbox', value: v }))
      const ta = type != 'multi' && h('textarea', { 'aria-labelledby': 'tq', maxlength: q.max_length || 1000 })
      add(ta || h('div', { class: 'o v', role: 'group', 'aria-labelledby': 'tq' }, ...boxes.map(b => h('label', {}, b, opt(b.value)))))
      foot(() => {
        const v = ta ? ta.value.trim() : boxes.filter(b => b.checked).map(b => b.value)
        req && !v[0] ? (ta || boxes[0]).focus() : next(v)
      })
    }
    focus()
  }

  async function outcome() {
    const sh = o.share || {}, nets = cat == 'promoter' && sh.networks || [], review = safeUrl(o.review_url), url = safeUrl(sh.url) || location.origin
    head(t('thanks.' + cat, 'thanks'))
    focus()
    nets[0] && add(h('p', { text: t('share.prompt') }), h('div', { class: 'o' }, ...nets.map(n => n == 'copy'
      ? btn(t('copy'), function () {
        const ok = () => { this.textContent = '✓' }, old = () => { // no async clipboard (plain http): the old way
          const a = h('textarea')
          a.value = url; add(a); a.select()
          document.execCommand('copy') && ok()
          a.remove()
        }
        try { navigator.clipboard.writeText(url).then(ok, old) } catch (e) { old() }
      })
      : h('a', { href: shareUrl(n, url, t('share.text')), target: '_blank', text: NETS[n] }))))
    review && add(h('p', { class: 'o' }, h('a', { href: review, target: '_blank', text: t('review.' + cat, 'review') })))
    if (cat == 'detractor') {
      const to = recoveryUrl(S, E.base, E.rid, score)
      if (E.preview) return add(h('p', { class: 'l', text: '→ ' + to }))
      // show the thanks ≥ 2 s, and leave once the answer is acknowledged (≤ 1 s more; it stays queued anyway)
      await sleep(2e3)
      for (let n = 0; n < 5 && queued(E.rid); n++) await sleep(200)
      closed || location.assign(to)
    } else nets[0] || review || E.preview || setTimeout(F.close, 5e3)
  }

  const st = E.step
  if (/^(promoter|passive|detractor)$/.test(st)) {
    cat = st
    score = thresholds(S)?.[+(st != 'promoter')]
    outcome()
  } else {
    if (st == 'followup') cat = E.cat || 'promoter', seq.splice(0, 99, fu)
    go(0)
  }
  return F
}
