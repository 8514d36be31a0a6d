package openlit_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
)

// The three ways Langfuse's docs and this project connect to Langfuse, by
// the environment only: Langfuse's OTLP endpoint as the general endpoint,
// as the traces endpoint (with or without /v1/traces), and, for a
// Collector, the attributes switch with the exporter left as configured.
// Each sends the Langfuse attributes; the first two add Langfuse's
// ingestion header and keep metrics off Langfuse; Init says which mode is
// on, once.
func TestLangfuseConnections(t *testing.T) {
	fake := langfusetest.New("qa")
	defer fake.Close()
	auth := "Authorization=Basic " + base64.StdEncoding.EncodeToString([]byte(langfusetest.PublicKey+":"+langfusetest.SecretKey))
	collector := otlpreceiver.New()
	defer collector.Close()
	for _, tc := range []struct {
		name      string
		env       map[string]string
		receiver  func() []otlpreceiver.Span
		header    bool
		noticeHas string
	}{
		{"general endpoint", map[string]string{openlit.EnvOTLPEndpoint: fake.URL + "/api/public/otel", openlit.EnvOTLPHeaders: auth},
			fake.Traces.Spans, true, "is Langfuse's"},
		{"traces endpoint", map[string]string{openlit.EnvOTLPTracesEndpoint: fake.URL + "/api/public/otel/v1/traces", openlit.EnvOTLPHeaders: auth},
			fake.Traces.Spans, true, "is Langfuse's"},
		{"traces endpoint with a trailing slash", map[string]string{openlit.EnvOTLPTracesEndpoint: fake.URL + "/api/public/otel/v1/traces/", openlit.EnvOTLPHeaders: auth},
			fake.Traces.Spans, true, "is Langfuse's"},
		{"traces endpoint without /v1/traces", map[string]string{openlit.EnvOTLPTracesEndpoint: fake.URL + "/api/public/otel/", openlit.EnvOTLPHeaders: auth},
			fake.Traces.Spans, true, "is Langfuse's"},
		{"collector", map[string]string{openlit.EnvOTLPEndpoint: collector.URL, openlit.EnvLangfuseAttributes: "true"},
			collector.Spans, false, openlit.EnvLangfuseAttributes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resetEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			errs := errcapture.Capture(t)
			before := len(tc.receiver())
			metricsBefore := fake.MetricsRequests()
			oneCallThenShutdown(t, openlit.WithMetricExportInterval(time.Hour))
			spans := tc.receiver()[before:]
			if len(spans) != 1 {
				t.Fatalf("%d spans arrived", len(spans))
			}
			a := otlpreceiver.Attrs(spans[0].Attributes)
			var in []map[string]any
			if err := json.Unmarshal([]byte(a["langfuse.observation.input"].(string)), &in); err != nil || len(in) != 1 || in[0]["role"] != "user" {
				t.Errorf("langfuse.observation.input = %v (%v)", a["langfuse.observation.input"], err)
			}
			if _, ok := a["langfuse.observation.model.parameters"]; !ok {
				t.Error("no model parameters for Langfuse")
			}
			if tc.header {
				hs := fake.OTLPHeaders()
				if got := hs[len(hs)-1].Get("x-langfuse-ingestion-version"); got != "4" {
					t.Errorf("x-langfuse-ingestion-version = %q", got)
				}
				if n := fake.MetricsRequests(); n != metricsBefore {
					t.Errorf("%d metric exports sent to Langfuse, which ingests none", n-metricsBefore)
				}
			}
			notices := 0
			for _, m := range errs.Messages() {
				if strings.Contains(m, "Langfuse attributes on") {
					notices++
					if !strings.Contains(m, tc.noticeHas) || strings.Contains(m, langfusetest.SecretKey) {
						t.Errorf("notice %q", m)
					}
				}
			}
			if notices != 1 {
				t.Errorf("%d notices: %v", notices, errs.Messages())
			}
		})
	}
}

// An app header of the same name is kept, whatever its case; an OTLP
// endpoint elsewhere is not Langfuse.
func TestLangfuseEndpointHeaderKept(t *testing.T) {
	fake := langfusetest.New("qa")
	defer fake.Close()
	resetEnv(t)
	t.Setenv(openlit.EnvOTLPEndpoint, fake.URL+"/api/public/otel")
	t.Setenv(openlit.EnvOTLPHeaders, "Authorization=Basic "+base64.StdEncoding.EncodeToString([]byte(langfusetest.PublicKey+":"+langfusetest.SecretKey))+",X-Langfuse-Ingestion-Version=4")
	oneCallThenShutdown(t, openlit.WithMetricExportInterval(time.Hour))
	hs := fake.OTLPHeaders()
	if len(hs) == 0 || len(hs[len(hs)-1].Values("X-Langfuse-Ingestion-Version")) != 1 {
		t.Errorf("headers %v", hs)
	}
}
