// Package sanitize is the one place every string openlit-go exports passes
// through: span names, span and event attributes, status descriptions,
// metric point attributes and resource attributes. OTLP encodes strings as
// protobuf strings, which must be valid UTF-8: a single invalid byte makes
// the marshaller reject the whole export batch, and, because metrics are
// cumulative, every later metric export too. Strings that come from a
// provider or a caller are also bounded, so one huge value cannot blow up
// memory or an export request.
package sanitize
