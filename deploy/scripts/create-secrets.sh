#!/usr/bin/env bash
# Creates the Secrets the manifests reference (deploy/README.md, Secrets) with random values. A Secret that already
# exists is kept, so running it again never rotates anything by accident.
#
#   deploy/scripts/create-secrets.sh <namespace> <dev|production>
#   DRY_RUN=1 deploy/scripts/create-secrets.sh dental production     # print the Secrets instead
#
# Environment (optional): SMTP_URL (required for production), ADMIN_EMAIL is in the gateway ConfigMap,
# S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for the PostgreSQL backups (production).
set -euo pipefail

ns=${1:?usage: create-secrets.sh <namespace> <dev|production>}
env=${2:?usage: create-secrets.sh <namespace> <dev|production>}
case "$env" in dev | production) ;; *) echo "environment must be dev or production" >&2; exit 2 ;; esac

services=(gateway patient-accounts work-orders payments reporting notifications)
# Hex only: the password is spliced into DATABASE_URL, so it must be URL-safe.
rand() { openssl rand -hex "${1:-24}"; }

exists() { [ -z "${DRY_RUN:-}" ] && kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; }

# create <name> <type> <key=value>...
create() {
  local name=$1 type=$2
  shift 2
  if exists "$name"; then
    echo "secret/$name exists: kept" >&2
    return
  fi
  local args=()
  for kv in "$@"; do args+=("--from-literal=$kv"); done
  kubectl -n "$ns" create secret generic "$name" --type="$type" "${args[@]}" --dry-run=client -o yaml |
    kubectl label --local -f - cnpg.io/reload=true app.kubernetes.io/part-of=dental-finance -o yaml |
    if [ -n "${DRY_RUN:-}" ]; then cat; echo '---'; else kubectl apply -f -; fi
}

if [ "$env" = dev ]; then
  # Dev: one PostgreSQL superuser, and every service logs in as it.
  password=$(rand)
  create postgres-superuser kubernetes.io/basic-auth username=dental "password=$password"
  for s in "${services[@]}"; do
    create "$s-db" kubernetes.io/basic-auth username=dental "password=$password"
  done
else
  # Production: one role per service (CloudNativePG managed role dental_<service>, owner of its database).
  for s in "${services[@]}"; do
    create "$s-db" kubernetes.io/basic-auth "username=dental_${s//-/_}" "password=$(rand)"
  done
  if [ -n "${S3_ACCESS_KEY_ID:-}" ] && [ -n "${S3_SECRET_ACCESS_KEY:-}" ]; then
    create pg-backup-s3 Opaque "ACCESS_KEY_ID=$S3_ACCESS_KEY_ID" "ACCESS_SECRET_KEY=$S3_SECRET_ACCESS_KEY"
  else
    echo "pg-backup-s3 not created: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (PostgreSQL backups)" >&2
  fi
fi

if [ "$env" = production ] && [ -z "${SMTP_URL:-}" ]; then
  echo "SMTP_URL is required for production (e.g. smtps://user:password@smtp.example.com:465)" >&2
  exit 1
fi
create gateway-secrets Opaque "JWT_SECRET=$(rand 32)" "ADMIN_PASSWORD=$(rand 12)"
create notifications-secrets Opaque "SMTP_URL=${SMTP_URL:-smtp://localhost:1025}"

if [ -z "${DRY_RUN:-}" ]; then
  echo "first admin password: kubectl -n $ns get secret gateway-secrets -o jsonpath='{.data.ADMIN_PASSWORD}' | base64 -d" >&2
fi
