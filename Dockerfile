# Jol in a container. Not built in this project's CI (base images cannot be pulled there);
# for operators: docker compose up -d (see docker-compose.yml and README).
FROM python:3.11-slim

WORKDIR /app
RUN useradd --create-home --uid 10001 jol
COPY pyproject.toml README.md ./
COPY jol ./jol
COPY handlers ./handlers
RUN pip install --no-cache-dir .
COPY bot.py babel.cfg babel-bot.cfg ./
COPY content ./content
COPY locales ./locales
COPY assets ./assets
# Compiled catalogs are build output, made here as `make setup` does.
RUN for po in locales/*/LC_MESSAGES/bot.po; do \
      pybabel -q compile --domain bot --input-file "$po" --output-file "${po%.po}.mo"; \
    done

USER jol
ENV DATABASE_PATH=/data/jol.sqlite3 SECRET_PATH=/data/secret.key VERSIONS_DIR=/data/content-versions
VOLUME /data
EXPOSE 8080
CMD ["python", "bot.py"]
