#!/usr/bin/env bash
# A self-signed certificate for trying the cluster behind nginx on this machine (docker compose --profile cluster):
# browsers will warn about it; put a real certificate chain and key at the same paths for anything else.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p certs
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout certs/key.pem -out certs/cert.pem
echo "ops/nginx/certs/cert.pem and key.pem written"
