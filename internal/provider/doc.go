// Package provider names the model provider (gen_ai.system) a request goes
// to, from its host and port: built-in rules for the public APIs and the
// usual local servers, plus the caller's own rules.
package provider
