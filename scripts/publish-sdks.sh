#!/usr/bin/env bash
# Publishes the SDKs API Gateway generates for a deployed stage to the developer portal, under docs/sdks/ in the
# assets bucket (CloudFront serves them at /docs/sdks/<type>.zip). Runs after `pulumi up` in the deploy workflows:
# the SDKs describe the deployed stage, so they can only be generated once it exists. The TypeScript SDK is built
# from the contract in this repository instead (sdk/).
#
# Usage: scripts/publish-sdks.sh <stack>       (needs the Pulumi CLI and AWS credentials)
set -euo pipefail
stack=${1:?usage: scripts/publish-sdks.sh <stack>}

output() { pulumi stack output "$1" --stack "$stack"; }
api=$(output restApiId)
stage=$(output stageName)
bucket=$(output assetsBucket)
version=$(node -p 'require("./sdk/package.json").version')
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

# sdk type -> parameters API Gateway requires for it
declare -A parameters=(
  [javascript]=""
  [java]="serviceName=Portcullis,javaGroupId=com.portcullis,javaArtifactId=portcullis-sdk,javaArtifactVersion=$version,javaPackageName=com.portcullis.sdk"
  [android]="groupId=com.portcullis,invokerPackage=com.portcullis.sdk,artifactId=portcullis-android-sdk,artifactVersion=$version"
  [swift]="classPrefix=PCL"
  [ruby]="service.name=Portcullis,ruby.gem-name=portcullis-sdk,ruby.gem-version=$version"
)

for type in "${!parameters[@]}"; do
  args=(--rest-api-id "$api" --stage-name "$stage" --sdk-type "$type")
  [ -n "${parameters[$type]}" ] && args+=(--parameters "${parameters[$type]}")
  aws apigateway get-sdk "${args[@]}" "$workdir/$type.zip" >/dev/null
  aws s3 cp "$workdir/$type.zip" "s3://$bucket/docs/sdks/$type.zip" --content-type application/zip --cache-control "public, max-age=300" --only-show-errors
  echo "published docs/sdks/$type.zip"
done
