package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's Prometheus metrics, on a registry of its own.
// A nil *Metrics records nothing, so tests may leave it out.
type Metrics struct {
	reg      *prometheus.Registry
	callback prometheus.Histogram
	turns    *prometheus.CounterVec
	sends    *prometheus.CounterVec
	tokens   prometheus.Counter
	dups     prometheus.Counter
	lcState  *prometheus.GaugeVec
	lcRecon  prometheus.Counter
	lcFrames *prometheus.CounterVec
}

// NewMetrics registers reportbot's metrics on reg.
func NewMetrics(reg *prometheus.Registry) *Metrics {
	m := &Metrics{reg: reg,
		callback: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "reportbot_callback_seconds",
			Help: "Time to answer a WeCom callback POST.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		turns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reportbot_turns_total",
			Help: "WeCom callbacks by outcome (ok, refused, ignored, unsupported, or a bot error code)."}, []string{"outcome"}),
	}
	m.sends = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reportbot_wecom_sends_total",
		Help: "WeCom API calls by errcode (0 ok, -1 network)."}, []string{"errcode"})
	m.tokens = prometheus.NewCounter(prometheus.CounterOpts{Name: "reportbot_wecom_token_refreshes_total",
		Help: "Access tokens fetched from gettoken."})
	m.dups = prometheus.NewCounter(prometheus.CounterOpts{Name: "reportbot_duplicates_suppressed_total",
		Help: "Retried deliveries answered from the processed-message marker without applying again."})
	m.lcState = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "reportbot_wecom_longconn_state",
		Help: "The WeCom long connection's state on this replica: 1 for the current state (standby, connecting, connected, backoff, paused, stopped)."},
		[]string{"state"})
	m.lcRecon = prometheus.NewCounter(prometheus.CounterOpts{Name: "reportbot_wecom_longconn_reconnects_total",
		Help: "Times this replica's WeCom long connection went down and was dialled again."})
	m.lcFrames = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reportbot_wecom_longconn_frames_total",
		Help: "Frames on the WeCom long connection by direction (in, out) and command (ack for acknowledgements)."},
		[]string{"direction", "cmd"})
	reg.MustRegister(m.callback, m.turns, m.sends, m.tokens, m.dups, m.lcState, m.lcRecon, m.lcFrames)
	return m
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *Metrics) observeCallback(d time.Duration) {
	if m != nil {
		m.callback.Observe(d.Seconds())
	}
}

func (m *Metrics) turn(outcome string) {
	if m != nil {
		m.turns.WithLabelValues(outcome).Inc()
	}
}

// Send counts one WeCom API call by errcode.
func (m *Metrics) Send(errcode int64) {
	if m != nil {
		m.sends.WithLabelValues(strconv.FormatInt(errcode, 10)).Inc()
	}
}

// TokenRefresh counts one access token fetched.
func (m *Metrics) TokenRefresh() {
	if m != nil {
		m.tokens.Inc()
	}
}

// Duplicate counts one retried delivery that was not applied again.
func (m *Metrics) Duplicate() {
	if m != nil {
		m.dups.Inc()
	}
}

// LongConnState sets the long connection's current state among states.
func (m *Metrics) LongConnState(state string, states []string) {
	if m == nil {
		return
	}
	for _, s := range states {
		v := 0.0
		if s == state {
			v = 1
		}
		m.lcState.WithLabelValues(s).Set(v)
	}
}

// LongConnReconnect counts one reconnect of the long connection.
func (m *Metrics) LongConnReconnect() {
	if m != nil {
		m.lcRecon.Inc()
	}
}

// LongConnFrame counts one frame on the long connection.
func (m *Metrics) LongConnFrame(direction, cmd string) {
	if m != nil {
		m.lcFrames.WithLabelValues(direction, cmd).Inc()
	}
}
