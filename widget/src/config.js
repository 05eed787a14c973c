// Settings from the widget's own <script> tag: site key, server base, preview and debug flags.

/**
 * Reads `data-site` / `data-preview` from document.currentScript; the server base is the
 * origin of the script src. Where a tag manager loses the tag or its attributes,
 * `touchpoint('init', {site, host})` supplies both (see index.js).
 */
export function settings() {
  const s = document.currentScript || {}, d = s.dataset || {}
  let base = ''
  try { base = new URL(s.src).origin } catch (e) {}
  return { site: d.site, base, preview: d.preview != null, debug: /touchpoint_debug=1/.test(location.search) }
}
