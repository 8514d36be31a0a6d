// Command audio synthesises speech and transcribes audio through an
// instrumented client: two "audio" spans, one priced per character (tts-1)
// and one per minute of audio (whisper-1).
//
// With no OPENAI_API_KEY it answers from a local replay:
//
//	go run ./examples/audio
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openai/openai-go/v3"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "audio:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	reqOpts, stop := replay.Fallback(stderr, replay.Options{})
	defer stop()
	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = otl.Shutdown(ctx)
	}()

	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	speech, err := client.Audio.Speech.New(ctx, openai.AudioSpeechNewParams{
		Model: openai.SpeechModelTTS1,
		Input: "Observability is a superpower.",
		Voice: openai.AudioSpeechNewParamsVoiceUnion{OfString: openai.String("alloy")},
	})
	if err != nil {
		return err
	}
	audio, err := io.ReadAll(speech.Body)
	speech.Body.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "speech: %d bytes of audio\n", len(audio))

	tr, err := client.Audio.Transcriptions.New(ctx, openai.AudioTranscriptionNewParams{
		Model: openai.AudioModelWhisper1,
		File:  openai.File(bytes.NewReader(audio), "speech.mp3", "audio/mpeg"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "transcript:", tr.Text)
	return nil
}
