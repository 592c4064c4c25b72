#!/usr/bin/env bash
# Writes Markdown for $GITHUB_STEP_SUMMARY (stdout), so a reviewer reads the policy result and the stack outputs on
# the run's page without opening logs.
#
#   .ci/summary.sh policy <title>     the policy section of `pulumi preview|up` output read from $PULUMI_OUTPUT
#   .ci/summary.sh offline <stack>... runs the pack offline (`npm run policy`) on each stack; exits 1 on a mandatory violation
#   .ci/summary.sh outputs <stack>    the stack's outputs as JSON (secrets stay "[secret]")
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:?usage: .ci/summary.sh policy|offline|outputs ...}" in
  policy)
    echo "### Policy pack: ${2:?title}"
    # Pulumi prints "Policies:" when every policy passed and "Policy Violations:" otherwise; both end at a blank line.
    section=$(printf '%s\n' "${PULUMI_OUTPUT:-}" | sed -n '/^Polic\(ies\|y Violations\):/,/^$/p')
    echo '```'
    printf '%s\n' "${section:-No policy section in the output: did the step run with policyPacks?}"
    echo '```'
    ;;
  offline)
    shift
    status=0
    for stack in "$@"; do
      config=()
      # The bootstrap's policy config lists the create calls IAM authorizes on "*" alone (bootstrap/documents.ts).
      [ "$stack" = bootstrap ] && config=(--config bootstrap/policy-config.json)
      echo "#### npm run policy -- $stack ${config[*]}"
      echo '```'
      npm run --silent policy -- "$stack" "${config[@]}" || status=1
      echo '```'
    done
    exit "$status"
    ;;
  outputs)
    echo "### Stack outputs: ${2:?stack}"
    echo '```json'
    pulumi stack output --json --stack "$2"
    echo '```'
    ;;
  *)
    echo "unknown summary: $1 (policy | offline | outputs)" >&2
    exit 2
    ;;
esac
