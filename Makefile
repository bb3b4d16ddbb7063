# ec2-as-service — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN        ?= ./mvnw -B
NETNS      ?= ec2test
CACHE      ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ec2-as-service
TEST_IMAGE := $(CACHE)/test-image/ec2-test-guest.qcow2
TEST_IMAGE_ARM64 := $(CACHE)/test-image-arm64/ec2-test-guest-arm64.qcow2
CLOUDINIT_IMAGE := $(CACHE)/cloudinit-image/debian-cloudinit.qcow2
TEST_HOME  ?= $(HOME)/.ec2-as-service-test
SANDBOX_HOME ?= $(HOME)/.ec2-as-service-sandbox
TESTENV    := scripts/testenv.sh
APP        := target/quarkus-app/quarkus-run.jar

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## Install the prerequisites for running (Debian/Ubuntu apt; prints the brew command on macOS)
	scripts/install-deps.sh run

.PHONY: build
build: ## Build the service (target/quarkus-app, with its class-data archive)
	$(MVN) package -DskipTests
	scripts/build-cds.sh

.PHONY: run
run: deps build ## Install prerequisites, build, and start the service on http://127.0.0.1:8000
	scripts/check-libvirt.sh
	scripts/ec2-as-service

.PHONY: test-deps
test-deps:
	scripts/install-deps.sh test

.PHONY: offline
offline: ## Resolve every Maven dependency and plugin, so tests can run offline inside the namespace
	$(MVN) -q dependency:go-offline
	$(MVN) -q verify -DskipTests
	$(MVN) -q verify -Dtest=NoSuchTest -Dit.test=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false

.PHONY: image
image: ## Fetch a catalogue base image, e.g. make image IMAGE=ubuntu-22.04 (through the service when it runs)
	scripts/pull-image.sh $(IMAGE)

.PHONY: openapi
openapi: ## Refresh webui/openapi.json (the UI's typed client is generated from it) after an API change
	$(MVN) -q package -DskipTests -Dquarkus.quinoa=false
	cp target/openapi/openapi.json webui/openapi.json
	@echo "webui/openapi.json refreshed; commit it"

.PHONY: test-env
test-env: ## Start the test namespace with its own virtlogd + libvirtd
	$(TESTENV) up

# a fresh network and pool each run: reservations of earlier runs' instances (their data home is wiped) would
# pile up, and a pool defined by the sandbox or the benchmark points at another data home
.PHONY: test-network-reset
test-network-reset:
	-$(TESTENV) exec virsh -q -c qemu:///system net-destroy ec2-as-service >/dev/null 2>&1
	-$(TESTENV) exec virsh -q -c qemu:///system net-undefine ec2-as-service >/dev/null 2>&1
	-$(TESTENV) exec virsh -q -c qemu:///system pool-destroy ec2-as-service >/dev/null 2>&1
	-$(TESTENV) exec virsh -q -c qemu:///system pool-undefine ec2-as-service >/dev/null 2>&1

.PHONY: test-image
test-image: ## Build the test guests into the cache: the small one (x86 and arm64) and a real cloud-init Debian (only when their scripts changed)
	scripts/guest/build-test-image.sh $(CACHE)/test-image
	scripts/guest/build-test-image-arm64.sh $(CACHE)/test-image-arm64
	scripts/guest/build-cloudinit-image.sh $(CACHE)/cloudinit-image

# the test environment never sees nor touches the machine's own libvirt (its domains, networks and pools)
.PHONY: test-isolation
test-isolation:
	scripts/test-isolation.sh

# after verify, the class-data archive is recorded as make build records it, so the browser and aws CLI tests run the
# service as make run does (scripts/ec2-as-service on the plain class path)
.PHONY: test
test: test-deps offline test-isolation test-env test-network-reset test-image ## Everything: prerequisites, test environment, all tests (inside the namespace)
	rm -rf $(TEST_HOME)
	status=0; $(TESTENV) exec env EC2_TEST_IMAGE=$(TEST_IMAGE) EC2_TEST_IMAGE_ARM64=$(TEST_IMAGE_ARM64) EC2_CLOUDINIT_IMAGE=$(CLOUDINIT_IMAGE) EC2_TEST_HOME=$(TEST_HOME) \
	  $(MVN) -o verify || status=$$?; \
	  scripts/build-cds.sh || status=$$?; \
	  EC2_TEST_IMAGE=$(TEST_IMAGE) TESTENV=$(TESTENV) scripts/e2e.sh || status=$$?; \
	  EC2_TEST_IMAGE=$(TEST_IMAGE) TESTENV=$(TESTENV) scripts/ec2-cli.sh || status=$$?; \
	  EC2_TEST_IMAGE=$(TEST_IMAGE) TESTENV=$(TESTENV) scripts/user-mode.sh || status=$$?; \
	  [ -n "$(KEEP_ENV)" ] || $(TESTENV) down; exit $$status

.PHONY: sandbox
sandbox: test-deps test-env test-image build ## Run the service inside the test namespace (no KVM, no internet needed)
	SANDBOX_HOME=$(SANDBOX_HOME) scripts/sandbox.sh $(TEST_IMAGE)

.PHONY: sandbox-shell
sandbox-shell: ## A shell inside the test namespace (curl, ssh and virsh reach the sandbox's VMs from there)
	$(TESTENV) exec bash

.PHONY: bench
bench: test-deps test-env test-image build ## Every figure of the speed and footprint goals (creates vs by hand, API answers, start, memory, terminal) in target/bench.json
	scripts/bench.sh
	scripts/bench-terminal.sh
	scripts/bench-summary.py target/bench.json

.PHONY: test-ui
test-ui: test-deps test-env test-image build ## Browser tests of the web console (Chromium, real VMs in the namespace); screenshots in target/e2e-screenshots
	EC2_TEST_IMAGE=$(TEST_IMAGE) TESTENV=$(TESTENV) scripts/e2e.sh

.PHONY: ui-dev
ui-dev: ## Web console with hot reload on http://localhost:5173 (API proxied to a service on :8000, e.g. make run)
	cd webui && npm install && npm run dev

.PHONY: test-env-down
test-env-down: ## Stop the test namespace's daemons and VMs and delete the namespace
	$(TESTENV) down
