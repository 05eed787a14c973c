// Inline surveys (trigger inline): <div data-touchpoint-survey="ID"></div> anywhere in the page shows
// survey ID there, as a card that fills the element's width, in its own shadow root like the popup.
// Built into its own file (dist/widget-inline.js) and loaded only on pages where such a survey is
// allowed, so pages with popups alone never pay for it.
//
// The page may add and remove such elements at any time (a React route mounting and unmounting one):
// a MutationObserver finds each new element and the widget opens the survey in it; an element removed
// takes its card with it. Each element gets one card per page load: a card the visitor closed stays
// closed. The element should reserve the card's height (min-height) so the page does not shift when it
// arrives (widget/README.md, "Inline surveys").

import { inPage } from './card.js'

const filled = new WeakSet()

/**
 * Watch the page for the survey's elements; returns the remover (stops watching, leaves the cards).
 * open(place) is the widget's: it opens the survey in that element (popup.js, place_) and returns the card.
 */
function inline(survey, open) {
  const selector = '[data-touchpoint-survey="' + survey.id + '"]'
  const fill = () => document.querySelectorAll(selector).forEach(place => filled.has(place) || (filled.add(place), inPage(open(place))))
  const watcher = new MutationObserver(fill)
  watcher.observe(document.body, { childList: true, subtree: true })
  fill()
  return () => watcher.disconnect()
}

window.touchpoint.inline = inline
