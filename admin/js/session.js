// Who is signed in. Views read `session.user.role` to hide what a viewer cannot do.

import { setCsrfToken } from './api.js'

export const session = { user: null }
export const isAdmin = () => session.user?.role === 'admin'
/** Admins and agents work cases; viewers only read them. */
export const actsOnCases = () => ['admin', 'agent'].includes(session.user?.role)

/** Remember the signed-in user and the CSRF token every write must carry; null for signed out. */
export function setSession(body) {
  session.user = body?.user || null
  setCsrfToken(body?.csrf_token || null)
}

const AFTER_SIGNIN = 'touchpoint.after-signin'

/** Remember where to come back to after signing in (a deep link, or the page a session ended on). */
export const rememberPlace = hash => { if (hash && hash !== '#/signin') sessionStorage.setItem(AFTER_SIGNIN, hash) }

/** Where to go after signing in, once. */
export function takePlace() {
  const back = sessionStorage.getItem(AFTER_SIGNIN)
  sessionStorage.removeItem(AFTER_SIGNIN)
  return back && back !== '#/signin' ? back : '#/sites'
}
