# cion: build, test, demo, install. See README.md.
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= Release
# A private install used by the tests and the demo: exactly what 'make install' produces.
STAGE := $(CURDIR)/.stage
PUBLISH := $(CURDIR)/out/publish
# cion, ciond, cion-web and cion-runner are compiled ahead of time (NativeAOT), which needs the target named.
RID ?= linux-x64

.PHONY: all build toolchain publish install stage deb test-env test demo bench clean

all: build

build:
	dotnet build cion.sln -c $(CONFIGURATION) --nologo -v quiet

# NativeAOT links with the system's C toolchain (gcc here; clang where it is installed).
toolchain:
	scripts/ensure-packages.sh gcc libc6-dev binutils zlib1g-dev

publish: toolchain
	rm -rf $(PUBLISH)
	dotnet publish Cion.Hook/Cion.Hook.csproj -c $(CONFIGURATION) -r $(RID) -o $(PUBLISH) --nologo -v quiet
	dotnet publish Cion.Daemon/Cion.Daemon.csproj -c $(CONFIGURATION) -r $(RID) -o $(PUBLISH) --nologo -v quiet
	dotnet publish Cion.Web/Cion.Web.csproj -c $(CONFIGURATION) -r $(RID) -o $(PUBLISH) --nologo -v quiet
	dotnet publish Cion.Runner/Cion.Runner.csproj -c $(CONFIGURATION) -r $(RID) -o $(PUBLISH) --nologo -v quiet
	rm -f $(PUBLISH)/*.dbg

# Binaries and their libraries go to $(PREFIX)/lib/cion; $(PREFIX)/bin holds relative
# symlinks to them (the programs load libgit2 from beside their real path, not the link).
# cion-runner gets no link: it runs in the runner image (scripts/build-runner-image.sh), not here.
install: publish
	install -d $(DESTDIR)$(PREFIX)/lib/cion $(DESTDIR)$(PREFIX)/bin
	cp -a $(PUBLISH)/. $(DESTDIR)$(PREFIX)/lib/cion/
	ln -sfn ../lib/cion/cion $(DESTDIR)$(PREFIX)/bin/cion
	ln -sfn ../lib/cion/ciond $(DESTDIR)$(PREFIX)/bin/ciond
	ln -sfn ../lib/cion/cion-web $(DESTDIR)$(PREFIX)/bin/cion-web

stage:
	rm -rf $(STAGE)
	$(MAKE) --no-print-directory install PREFIX=$(STAGE) DESTDIR=

# cion_VERSION_amd64.deb in out/: self-contained, installs on a Debian 12 without .NET.
deb: toolchain
	packaging/build-deb.sh out

# A Docker engine, a registry on loopback, the locally built test images (no outside
# registry is reachable) and Debian's Chromium with its driver for the web page's browser
# tests (only the tests need a browser: make demo does not), and strace, with which a test
# proves the hook never opens libgit2.
test-env:
	scripts/ensure-packages.sh lintian openssh-client chromium chromium-driver strace
	scripts/ensure-docker.sh
	scripts/ensure-registry.sh
	scripts/build-test-images.sh

test: stage deb test-env
	scripts/run-tests.sh

# The benchmark suite (bench/): cion against the physical limit, each figure a ratio to a
# reference measured in the same run; writes its tables into BENCHMARKS.md. About 14 min.
bench: stage
	scripts/ensure-docker.sh
	scripts/build-test-images.sh
	dotnet build bench/Cion.Bench -c Release --nologo -v quiet
	BENCH_COMMAND="make bench" dotnet run -c Release --no-build --project bench/Cion.Bench -- $(BENCH_ARGS)

# Only the images the demo runs (examples/hello: docker and busybox, and the per-job engines).
demo: stage
	scripts/ensure-docker.sh
	scripts/build-test-images.sh cion-test/busybox cion-test/docker cion-test/dind cion-test/dind-rootless
	scripts/demo.sh

clean:
	rm -rf $(STAGE) out TestResults
	dotnet clean cion.sln --nologo -v quiet
