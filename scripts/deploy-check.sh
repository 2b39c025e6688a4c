#!/usr/bin/env bash
# Follows docs/deploy.md on this machine and drives the result (`make test` runs it).
#
# In a scratch directory instead of /opt, /etc and /var: a PostgreSQL cluster from
# Debian's packages on a Unix socket, the settings file of step 4, migrate and
# `check --deploy` (step 5), the demo region as data, the web app and the worker started
# with the ExecStart lines of deploy/systemd/*.service (step 6), nginx with
# deploy/nginx/styra.conf and a self-signed certificate (step 7), then
# scripts/deploy_drive.py logs in, reports, opens and downloads reports through nginx,
# and the backup of step 8 is written and restored into a second database.
# Skips (exit 0) when PostgreSQL's server or nginx is not installed; CI installs both.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
BIN=$repo/.venv/bin

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || ! command -v nginx >/dev/null; then
    echo "== deploy-check: PostgreSQL eller nginx saknas; hoppar över (apt-get install postgresql nginx)."
    exit 0
fi

root=$(mktemp -d /tmp/styra-deploy.XXXXXX)
chmod 755 "$root"
mkdir -p "$root"/{etc,var,backups,nginx,pg}
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -f "$root/nginx/nginx.pid" ]; then kill "$(cat "$root/nginx/nginx.pid")" 2>/dev/null || true; fi
    "${run_as[@]}" "$pgbin/pg_ctl" -D "$root/pg/data" -m fast stop >/dev/null 2>&1 || true
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$root"; fi
}
trap cleanup EXIT
free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
step() { echo "== deploy-check: $*"; }

# --- step 3: the database --------------------------------------------------------------
step "PostgreSQL ($pgbin)"
run_as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$root/pg"; run_as=(runuser -u postgres --); fi
"${run_as[@]}" "$pgbin/initdb" -D "$root/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${run_as[@]}" "$pgbin/pg_ctl" -D "$root/pg/data" -l "$root/pg/log" -w \
    -o "-k $root/pg -c listen_addresses=''" start >/dev/null
psql=(psql -q -h "$root/pg" -U postgres -d postgres -v ON_ERROR_STOP=1)
"${psql[@]}" -c "CREATE ROLE styra LOGIN" -c "CREATE DATABASE styra OWNER styra ENCODING 'UTF8'"

# --- step 4: settings ------------------------------------------------------------------
app_port=$(free_port); http_port=$(free_port); https_port=$(free_port)
cat >"$root/etc/styra.env" <<ENV
STYRA_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
STYRA_ALLOWED_HOSTS=localhost
DATABASE_URL=postgres://styra@/styra?host=$root/pg
STYRA_VAR_DIR=$root/var
STYRA_OUT_DIR=$root/var/out
ENV
set -a; . "$root/etc/styra.env"; set +a
unset DJANGO_SETTINGS_MODULE DJANGO_ALLOW_ASYNC_UNSAFE

# --- step 5: migrate, check, data ------------------------------------------------------
step "migrate och check --deploy"
"$BIN/styra" manage migrate -v 0
"$BIN/styra" manage check --deploy --fail-level WARNING
step "demoregionen som data"
"$BIN/styra" demo --no-serve >"$root/demo.log" 2>&1 || { cat "$root/demo.log"; exit 1; }

# --- step 6: the units' ExecStart lines ------------------------------------------------
exec_start() {
    sed -n 's/^ExecStart=//p' "$1" | sed "s#/opt/styra/.venv/bin/styra#$BIN/styra#; s#127.0.0.1:8000#127.0.0.1:$app_port#"
}
web=$(exec_start deploy/systemd/styra-web.service)
worker=$(exec_start deploy/systemd/styra-worker.service)
step "webbappen: $web"
(cd "$root/var" && exec $web) >"$root/web.log" 2>&1 &
pids+=($!)
step "arbetsprocessen: $worker"
(cd "$root/var" && exec $worker) >"$root/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$app_port/health/" && break
    sleep 0.5
done
curl -sf "http://127.0.0.1:$app_port/health/" >/dev/null || { cat "$root/web.log"; exit 1; }

# --- step 7: nginx ---------------------------------------------------------------------
step "nginx med självsignerat certifikat"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost" -keyout "$root/nginx/key.pem" \
    -out "$root/nginx/cert.pem" 2>/dev/null
sed -e "s#styra.region.se;#localhost;#" \
    -e "s#/etc/ssl/certs/styra.region.se.pem#$root/nginx/cert.pem#" \
    -e "s#/etc/ssl/private/styra.region.se.key#$root/nginx/key.pem#" \
    -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
    -e "/listen \[::\]/d" \
    -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$app_port;#" \
    -e "s#return 301 https://\$host\$request_uri;#return 301 https://\$host:$https_port\$request_uri;#" \
    deploy/nginx/styra.conf >"$root/nginx/styra.conf"
cat >"$root/nginx/nginx.conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $root/nginx/nginx.pid;
error_log $root/nginx/error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $root/nginx/access.log;
    client_body_temp_path $root/nginx/body;
    proxy_temp_path $root/nginx/proxy;
    fastcgi_temp_path $root/nginx/fastcgi;
    uwsgi_temp_path $root/nginx/uwsgi;
    scgi_temp_path $root/nginx/scgi;
    include $root/nginx/styra.conf;
}
NGINX
nginx -t -q -c "$root/nginx/nginx.conf" -p "$root/nginx"
nginx -c "$root/nginx/nginx.conf" -p "$root/nginx"

# --- log in, report, build and download through nginx ----------------------------------
step "genom nginx: inloggning, rapportering, rapport och rapportjobb"
"$BIN/python" scripts/deploy_drive.py "http://localhost:$http_port" \
    "https://localhost:$https_port" "$root/nginx/cert.pem" "$BIN/styra" \
    || { echo "--- web.log"; tail -50 "$root/web.log"; echo "--- worker.log"; tail -30 "$root/worker.log"; exit 1; }
grep -q '"logger": "styra.access"' "$root/web.log" || { echo "inga JSON-loggrader"; exit 1; }

# --- the database restarts under the running app ---------------------------------------
step "PostgreSQL startas om medan Styra kör"
"${run_as[@]}" "$pgbin/pg_ctl" -D "$root/pg/data" -m fast -w restart >/dev/null
ok=0
for _ in $(seq 1 60); do
    if curl -sf "http://127.0.0.1:$app_port/health/" | grep -q '"ok"'; then ok=1; break; fi
    sleep 0.5
done
[ "$ok" = 1 ] || { echo "Styra återhämtade sig inte efter omstarten"; tail -20 "$root/web.log"; exit 1; }
curl -sf -o /dev/null "http://127.0.0.1:$app_port/konto/logga-in/" -H "Host: localhost" -H "X-Forwarded-Proto: https" \
    || { echo "sidorna svarar inte efter omstarten"; exit 1; }

# --- step 8: backup and restore --------------------------------------------------------
step "säkerhetskopia och återläsning"
dump=$(scripts/backup.sh "$root/backups")
"${psql[@]}" -c "CREATE DATABASE styra_restore OWNER styra"
pg_restore --no-owner -h "$root/pg" -U styra -d styra_restore "$dump"
count() { psql -h "$root/pg" -U styra -d "$1" -At -c "SELECT count(*) FROM followup_assessment"; }
[ "$(count styra)" = "$(count styra_restore)" ] || { echo "återläsningen skiljer sig"; exit 1; }
step "klart: driftsättningen enligt docs/deploy.md fungerar"
