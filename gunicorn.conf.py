"""Production server settings for gunicorn (`gunicorn -c gunicorn.conf.py wsgi:app`)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Two workers per core, plus one: rendering is CPU-bound and short.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load content and build the search index once, in the master, before forking workers.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
# Small limits: the site has no uploads; the largest request is a search form.
limit_request_line = 2048
limit_request_fields = 50
limit_request_field_size = 4096
# The access log keeps neither client addresses nor query strings nor bodies:
# time, method, path without query, status and size only.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"
# Never trust or log forwarded client addresses.
forwarded_allow_ips = ""
proxy_allow_ips = ""
