#!/usr/bin/env bash
# The consumer check: a fresh module outside the repository that imports the
# root module and the OpenAI instrumentation must not download any other
# integration's vendor SDK; and every example must build when copied into a
# user's own module. Needs only Go and the module proxy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

newmod() { # dir
  mkdir -p "$1"
  (cd "$1" && go mod init example.com/consumer >/dev/null 2>&1 &&
    go mod edit -replace "github.com/openlit/openlit-go=$root")
  # The integrations' own modules, as a user would get them once tagged.
  for m in "$root"/instrumentation/*/go.mod; do
    d=$(dirname "$m")
    (cd "$1" && go mod edit -replace "github.com/openlit/openlit-go/instrumentation/$(basename "$d")=$d")
  done
}

echo "--- consumer module: root + OpenAI instrumentation"
newmod "$work/consumer"
cat > "$work/consumer/main.go" <<'GO'
package main

import (
	"context"

	"github.com/openai/openai-go/v3"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
)

func main() {
	sdk, err := openlit.Init(context.Background())
	if err != nil {
		panic(err)
	}
	defer sdk.Shutdown(context.Background())
	_ = openlitopenai.Wrap(openai.NewClient())
}
GO
(cd "$work/consumer" && go mod tidy >/dev/null 2>&1 && go build ./... &&
  go list -m all > "$work/modules.txt" &&
  go list -deps ./... > "$work/packages.txt" &&
  go mod graph > "$work/graph.txt")
echo "go list -m all:"; sed 's/^/  /' "$work/modules.txt"
# Vendor SDKs that belong to other integrations' modules.
forbidden='anthropics/anthropic-sdk-go|google.golang.org/genai|aws/aws-sdk-go|modelcontextprotocol/go-sdk|sashabaranov/go-openai|ollama/ollama|tmc/langchaingo|jackc/pgx|amikos-tech/chroma-go|qdrant/go-client|milvus-io/milvus|pinecone-io/go-pinecone|weaviate/weaviate|cloudwego/eino|google.golang.org/adk|firebase/genkit|NVIDIA/go-nvml|shirou/gopsutil|contrib/instrumentation/host'
# 1. openlit-go itself must require none of them.
if grep -E "^github.com/openlit/openlit-go(@[^ ]*)? [^ ]*($forbidden)" "$work/graph.txt"; then
  echo "openlit-go's root module requires another integration's vendor SDK"; exit 1
fi
# 2. No package of theirs may be built into the program.
if grep -E "$forbidden" "$work/packages.txt"; then
  echo "the consumer builds another integration's vendor SDK"; exit 1
fi
# 3. Anything else listed comes from a dependency's own go.mod (openai-go
#    v3 requires the AWS SDK for its Bedrock package): report it.
if others=$(grep -E "$forbidden" "$work/modules.txt"); then
  echo "listed only because a dependency's go.mod requires them (not built, not required by openlit-go):"
  grep -E "^[^ ]+ [^ ]*($forbidden)" "$work/graph.txt" | grep -v '^github.com/aws' | sed 's/^/  /'
fi
echo "consumer: $(wc -l < "$work/modules.txt") modules in the graph, $(wc -l < "$work/packages.txt") packages built; openlit-go brings no other vendor SDK"

echo "--- every example, copied into a module of its own"
for dir in "$root"/examples/*/; do
  name=$(basename "$dir")
  newmod "$work/ex-$name"
  find "$dir" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} "$work/ex-$name/" \;
  if ! (cd "$work/ex-$name" && go mod tidy >/dev/null 2>&1 && go build -o /dev/null .); then
    echo "example $name does not build outside the repository"
    (cd "$work/ex-$name" && go build . 2>&1 | head -20)
    exit 1
  fi
  echo "example $name builds outside the repository"
done
