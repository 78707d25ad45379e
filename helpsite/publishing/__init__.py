"""Publishing: the content being served (store), the gunicorn master's watcher, and the editors' preview."""
