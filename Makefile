# glare: the two commands a newcomer needs are `make demo` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec  # a failing go test piped into grep fails the target

GO       ?= go
FUZZTIME ?= 30s
FUZZ_TARGETS ?= FuzzFacts FuzzParseAfter FuzzDescriptionJSON FuzzCandidateJSON FuzzSession FuzzStep FuzzSchedule FuzzGlare FuzzLink
FUZZPARALLEL ?=

.PHONY: test demo verify fuzz bench fmt-check vet interop chromium firefox

## test: gofmt check, go vet, every test with the race detector (fuzz seeds
## included; the explorer runs a smaller bound there), then the explorer's
## full bound without it
test: fmt-check vet
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run '^TestExplore(Channel)?$$' -v ./negotiation | grep -E 'states|^(ok|FAIL|---)'

## interop: the machine against real stacks (interop/README.md): Chromium and
## Firefox ESR headless, one at a time, driven by the machine in WebAssembly
## and by the W3C reference JavaScript, and pion/webrtc; installs Debian's
## chromium and firefox-esr when missing. interop/pion (the adapter) and
## interop (the browser tests) are two modules
interop: chromium firefox
	cd interop/pion && $(GO) vet ./... && $(GO) test -race -count=1 -short ./...
	cd interop/pion && $(GO) test -count=1 -timeout 10m -run '^(TestStressGlarePion|TestGlareVsRecreate|TestBadRelayPion|TestGlareChecksPion)$$' -v . | grep -E '_test.go:|^(ok|FAIL|---)'
	cd interop && $(GO) vet ./... && GOOS=js GOARCH=wasm $(GO) vet ./wasm
	cd interop && $(GO) test -race -count=1 ./bridge
	cd interop && $(GO) test -count=1 -timeout 20m -v ./browser | grep -v '^=== '

## chromium: Debian's chromium at /usr/bin/chromium (CHROMIUM=path to use another)
chromium:
	@if [ -z "$$CHROMIUM" ] && ! [ -x /usr/bin/chromium ]; then \
		echo "installing Debian's chromium"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@$${CHROMIUM:-/usr/bin/chromium} --version 2>/dev/null

## firefox: Debian's firefox-esr at /usr/bin/firefox-esr (FIREFOX=path to use
## another); the browser tests drive it over WebDriver BiDi, no driver program
firefox:
	@if [ -z "$$FIREFOX" ] && ! [ -x /usr/bin/firefox-esr ]; then \
		echo "installing Debian's firefox-esr"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq firefox-esr >/dev/null; \
	fi
	@$${FIREFOX:-/usr/bin/firefox-esr} --version 2>/dev/null

## verify: the explorer's deeper bound (two changes per peer) and many more random schedules
verify:
	$(GO) test -count=1 -timeout 60m -run '^TestExplore(Channel)?$$' -v ./negotiation -deep | grep -E 'states|^(ok|FAIL|---)'
	$(GO) test -count=1 -timeout 30m -run 'TestRandomSchedules|TestStepProperties|TestRefusalChangesNothing|TestSessionProperties' ./negotiation ./fuzz -rapid.checks=20000

## demo: two in-process peers glare and converge, transcript printed
## (make demo MERMAID=1: as a Mermaid sequence diagram)
demo:
	$(GO) run ./examples/glare $(if $(MERMAID),-mermaid)

## fuzz: each of FUZZ_TARGETS in turn for FUZZTIME, whatever the others did,
## then one line per target; fails on a crash or a failing seed corpus, not on
## Go 1.26's deadline race (.ci/fuzz). make fuzz FUZZTIME=10m
## FUZZ_TARGETS=FuzzStep FUZZPARALLEL=1 (empty: go's default)
fuzz:
	@GO='$(GO)' FUZZTIME='$(FUZZTIME)' FUZZPARALLEL='$(FUZZPARALLEL)' .ci/fuzz $(FUZZ_TARGETS)

## bench: every benchmark, benchstat-friendly
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
