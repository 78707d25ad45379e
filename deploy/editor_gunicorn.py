"""gunicorn settings for the editor host (deploy/systemd/helpsite-editor.service), not the public site.

One process: a save checks the whole content and then writes, under a lock held in the process
(helpsite/editor/backend.py, SAVING). Threads let a colleague read while someone saves.
"""

bind = "127.0.0.1:8081"  # only nginx, on the same machine, reaches it (deploy/nginx/editor.conf.in)
workers = 1
threads = 4
timeout = 120  # a publish checks the whole content and pushes to the Git host
accesslog = None  # who changed what is in Git's history
control_socket_disable = True  # no shared gunicornc socket: see gunicorn.conf.py
