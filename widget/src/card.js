// A survey drawn in the page rather than over it: the hosted link page (page.js) and inline
// surveys (inline.js). Both open the survey with popup.js into an element of the page (place_), then
// restyle the popup's frame as part of that page with inPage().

// The frame flows with the page: no fixed corner, shadow, animation or z-index; it fills its
// element's width and keeps its rounded corners on phones (the bottom sheet is a popup's).
const IN_PAGE = '.w{position:relative;display:block;inset:auto;z-index:auto;margin:0;width:auto;max-width:none;max-height:none;box-shadow:none;animation:none}' +
  '@media(max-width:640px){.w{border-radius:12px;padding-bottom:20px}}'

/** Restyle a card that popup.js drew into a place as part of the page; css is added after (the page's own). */
export function inPage(card, css = '') {
  const root = card.box_.getRootNode(), sheet = new CSSStyleSheet()
  sheet.replaceSync(IN_PAGE + css)
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  card.box_.setAttribute('role', 'region') // a part of the page, named by its question as the dialog was
  return card
}
