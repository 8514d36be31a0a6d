// Package pricing turns token, image, character and audio-minute counts into
// a cost in US dollars.
//
// A pricing table ships inside the module (prices.json, embedded with
// go:embed), so cost works with no network. [Default] returns it. Users
// override or extend it with a JSON document of the same shape: [Parse] reads
// one, [Load] reads one from a file path or an http(s) URL, and
// [Table.Merge] lays it over the default table.
//
// # Table format
//
// Chat and embedding prices are USD per one million tokens; image prices are
// USD per image by quality and size; speech prices are USD per one million
// input characters; transcription prices are USD per minute of audio:
//
//	{
//	  "chat": {"gpt-4o": {"input": 2.5, "cached_input": 1.25, "output": 10}},
//	  "embeddings": {"text-embedding-3-small": 0.02},
//	  "images": {"dall-e-3": {"standard": {"1024x1024": 0.04}}},
//	  "audio": {"tts-1": {"per_million_chars": 15}, "whisper-1": {"per_minute": 0.006}}
//	}
//
// A chat entry may add the rates of long prompts, which replace the base
// rates for every token of a call whose input (cached tokens included) is
// over the threshold, as Gemini bills prompts over 200k tokens:
//
//	"gemini-2.5-pro": {"input": 1.25, "cached_input": 0.125, "output": 10,
//	  "long_context": {"above_input_tokens": 200000, "input": 2.5, "cached_input": 0.25, "output": 15}}
//
// A chat entry written in OpenLIT (Python)'s own format,
// {"promptPrice": …, "completionPrice": …} in USD per thousand tokens, is
// accepted too, so a pricing file made for OpenLIT works unchanged.
//
// # Model lookup
//
// A model resolves to its exact entry, or else to the longest table key that
// is a prefix of it followed by "-", ":" or "@": "gpt-4o-2024-08-06" prices as
// "gpt-4o", "gpt-4o-mini-2024-07-18" as "gpt-4o-mini", and "gpt-4o" never as
// "gpt-4o-mini". A provider prefix such as "openai/" is ignored. An unknown
// model costs 0 with no error.
package pricing
