# The bot with its API; config and user data are mounted (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /freqtrade

COPY setup.py README.md ./
COPY freqtrade ./freqtrade
COPY scripts ./scripts
COPY config_examples ./config_examples
RUN pip install . && useradd --create-home ftuser && mkdir -p /freqtrade/user_data \
    && chown -R ftuser /freqtrade
USER ftuser

EXPOSE 8080
ENTRYPOINT ["freqtrade"]
CMD ["trade", "--config", "/freqtrade/config.json", "--userdir", "/freqtrade/user_data", \
     "--db-url", "sqlite:////freqtrade/user_data/tradesv3.sqlite"]
