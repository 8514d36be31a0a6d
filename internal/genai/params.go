package genai

import (
	"strconv"

	"go.opentelemetry.io/otel/attribute"
)

// AppendFloat32 appends an SDK's float32 request parameter, when set, as
// the float64 its JSON reads as (0.2, not 0.20000000298023224), so a typed
// integration records what the wire path reads from the request body.
func AppendFloat32(attrs []attribute.KeyValue, key attribute.Key, v *float32) []attribute.KeyValue {
	if v == nil {
		return attrs
	}
	f, err := strconv.ParseFloat(strconv.FormatFloat(float64(*v), 'g', -1, 32), 64)
	if err != nil {
		return attrs
	}
	return append(attrs, key.Float64(f))
}
