# Shoal: the two commands of the README's quick start, and their helpers.
#   make run    install what is missing, build, and run Shoal
#   make test   install what is missing, build, and run every test
# Set SUDO= when already root (the default uses sudo only when needed).
# make run uses Shoal's own default home ($$SHOAL_HOME, else $$XDG_DATA_HOME/shoal,
# else ~/.local/share/shoal), the same one 'shoal id' reads later.

SHELL := /bin/bash
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libsodium-dev liblz4-dev libavahi-client-dev libsqlite3-dev libssl-dev pkg-config \
	avahi-daemon dbus iproute2 util-linux
BIN := .build/release/shoal

.PHONY: run test deps build release bench bench-transport sim clean

## Install the system packages Shoal needs, if any is missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

release: deps
	swift build -c release --product shoal

## Build Shoal, make this device's identity if needed, and show it.
run: release
	@$(BIN) init $(if $(SHOAL_HOME),--home "$(SHOAL_HOME)")
	@echo
	@echo "Next: 'shoal scan DIR' indexes a folder; 'make sim' shows the sync engine converge in simulation."
	@echo "The daemon that syncs real folders between machines is the next step."
	@echo "Binary: $(abspath $(BIN))"

## Build and run every test. The tests on real sockets run first, on their
## own: in one process the CPU-bound simulation and chunker tests would hold
## both of Swift concurrency's threads (2 cores) for seconds at a time, and
## starve the socket tests' tasks into timeouts.
test: deps
	swift build --build-tests
	swift test --skip-build --filter ShoalRuntimeTests
	swift test --skip-build --skip ShoalRuntimeTests

## Chunker and hash throughput, then scan throughput next to the single-threaded
## hash tools (method and results: Docs/PERFORMANCE.md). Data goes to /tmp.
bench: release
	swift build -c release --product shoal-bench
	.build/release/shoal-bench
	python3 Benchmarks/scan_benchmark.py

## Deterministic network simulations: 2000 seeds of 5 nodes (Docs/SIMULATION.md).
sim: deps
	swift run -c release shoal-sim --seeds 2000 --nodes 5 --ops 200

## Encrypted transport throughput between two processes over loopback,
## next to libsodium's raw secretstream speed (see Docs/ARCHITECTURE.md).
bench-transport: deps
	swift build -c release --product shoal-transport-bench
	.build/release/shoal-transport-bench

clean:
	rm -rf .build
