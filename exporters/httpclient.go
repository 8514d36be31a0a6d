package exporters

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// newHTTPClient is the HTTP client of one OTLP exporter: a transport of its
// own (the OTLP exporters otherwise share one package-level transport whose
// idle keep-alive connections, two goroutines each, outlive Shutdown), so
// Shutdown can close its connections. It is the exporters' default
// transport, with the TLS settings the OpenTelemetry environment gives for
// the signal ("TRACES" or "METRICS"): OTEL_EXPORTER_OTLP_[signal_]CERTIFICATE,
// _CLIENT_CERTIFICATE and _CLIENT_KEY, which the exporters would read
// themselves without a client of ours.
func newHTTPClient(signal string, timeout time.Duration) (*http.Client, *http.Transport, error) {
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
	cfg, err := tlsFromEnv(signal)
	if err != nil {
		return nil, nil, err
	}
	tr.TLSClientConfig = cfg
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	return &http.Client{Transport: tr, Timeout: timeout}, tr, nil
}

// envTLS reads the signal's variable, else the general one.
func envTLS(signal, name string) (string, string) {
	for _, v := range []string{"OTEL_EXPORTER_OTLP_" + signal + "_" + name, "OTEL_EXPORTER_OTLP_" + name} {
		if s := strings.TrimSpace(os.Getenv(v)); s != "" {
			return v, s
		}
	}
	return "", ""
}

// tlsFromEnv is the TLS configuration the OpenTelemetry variables ask for,
// or nil when they ask for none.
func tlsFromEnv(signal string) (*tls.Config, error) {
	caVar, ca := envTLS(signal, "CERTIFICATE")
	certVar, cert := envTLS(signal, "CLIENT_CERTIFICATE")
	keyVar, key := envTLS(signal, "CLIENT_KEY")
	if ca == "" && cert == "" && key == "" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", caVar, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: no PEM certificate in %s", caVar, ca)
		}
		cfg.RootCAs = pool
	}
	if cert != "" || key != "" {
		if cert == "" || key == "" {
			return nil, fmt.Errorf("%s and %s must be set together", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY")
		}
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return nil, fmt.Errorf("%s / %s: %w", certVar, keyVar, err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}
