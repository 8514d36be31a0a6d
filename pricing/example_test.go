package pricing_test

import (
	"fmt"

	"github.com/openlit/openlit-go/pricing"
)

func ExampleTable_ChatCost() {
	// The call in the OpenLIT/Langfuse guide: 14 prompt and 356 completion
	// tokens, answered by a dated gpt-4o snapshot.
	cost := pricing.Default().ChatCost("gpt-4o-2024-08-06", 14, 0, 356)
	fmt.Printf("%.6f USD\n", cost)
	// Output: 0.003595 USD
}

func ExampleTable_Merge() {
	override, err := pricing.Parse([]byte(`{"chat": {"my-finetune": {"input": 3, "output": 12}}}`))
	if err != nil {
		panic(err)
	}
	table := pricing.Default().Merge(override)
	fmt.Printf("%.2f USD\n", table.ChatCost("my-finetune", 1_000_000, 0, 1_000_000))
	// Output: 15.00 USD
}
