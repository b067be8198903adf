# The bot with its API. Everything the bot writes lives in the mounted /freqtrade/user_data:
# the config (user_data/config.json, written with a fresh password on the first start when
# missing), the database, strategies, candles and logs. See docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 FT_APP_ENV=docker
WORKDIR /freqtrade

COPY setup.py README.md ./
COPY freqtrade ./freqtrade
COPY scripts ./scripts
COPY config_examples ./config_examples
COPY docker/entrypoint.sh /usr/local/bin/freqtrade-entrypoint
# uid/gid 1000: the usual first user on a Linux host, so user_data stays editable there
RUN pip install . && groupadd --gid 1000 ftuser \
    && useradd --uid 1000 --gid 1000 --create-home ftuser \
    && mkdir -p /freqtrade/user_data && chown -R ftuser: /freqtrade \
    && chmod 755 /usr/local/bin/freqtrade-entrypoint

# starts as root only to fix the ownership of a freshly created user_data, then runs the bot
# as ftuser (setpriv, from util-linux, is part of the base image)
EXPOSE 8080
ENTRYPOINT ["freqtrade-entrypoint"]
CMD ["trade", "--config", "/freqtrade/user_data/config.json", "--userdir", "/freqtrade/user_data", \
     "--db-url", "sqlite:////freqtrade/user_data/tradesv3.sqlite"]
