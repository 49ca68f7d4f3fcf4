"""Settings profiles: ``dev`` (default for manage.py), ``production`` and ``test``.

Every value that differs between machines comes from an environment variable, read in
``base``; the profiles only change defaults and switch on production safeguards.
"""
