"""The public site in Flask: i18n (the /<lang>/ prefix), views, errors, filters, handouts, HSDS,
low-trace headers, the page cache and compression."""
