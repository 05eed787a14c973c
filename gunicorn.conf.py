"""gunicorn settings: gunicorn reads ./gunicorn.conf.py by default, so the Procfile and `make run` use it as they are.

Which proxy may say a request came over HTTPS is the app's decision alone:
``TRUSTED_PROXIES`` hops, applied by werkzeug's ProxyFix in server/__init__.py.
gunicorn's own default trusts ``X-Forwarded-Proto`` (and its other
secure_scheme_headers) from 127.0.0.1 whatever that setting says, so any
process on the machine, or a proxy that passes the header through, could
make a plain-HTTP request look secure. Here gunicorn trusts no one; an
operator who really wants gunicorn to do it can still pass
``--forwarded-allow-ips`` on the command line, which wins over this file.
"""

forwarded_allow_ips = ""

# The gevent worker (server/runtime/gunicorn_worker.py) gives a connection this long to send a request's
# headers, and closes a kept-alive connection idle this long: a socket that trickles its headers is
# dropped instead of held. Its body then has REQUEST_BODY_SECONDS (server/settings.py).
keepalive = 5

# gunicorn 25+ opens a control socket at ~/.gunicorn/gunicorn.ctl for every instance: a second instance on
# the same host took over the first's socket and deleted it on exit. Touchpoint does not use it.
control_socket_disable = True
