package bot

import (
	"context"
	"time"
)

// Extractor splits a contact's free text about one measure into fields:
// a short title, what was done, and its figures. The LLM adapter implements
// it; HeuristicExtractor does without a model. Results are validated
// locally: every figure must occur in the text.
type Extractor interface {
	ExtractItem(ctx context.Context, text string) (Item, error)
}

// HeuristicExtractor reads an item with ParseItem: the title is the text
// before the first 。 or ：.
type HeuristicExtractor struct{}

// ExtractItem implements Extractor.
func (HeuristicExtractor) ExtractItem(_ context.Context, text string) (Item, error) {
	return ParseItem(text)
}

// ValidateItem keeps the model's title and text but takes the figures
// from the contact's own text: every figure written there, with its full
// unit (约85万元, 120批次), so a model can neither add a figure the contact
// did not type nor drop or shorten one.
func ValidateItem(text string, it Item) Item {
	it.Figures = ItemFigures(text)
	return it
}

// extractTimeout bounds a model extraction inside a chat turn, which
// WeCom expects answered within 5 s; past it the heuristic is used.
const extractTimeout = 3 * time.Second

// ExtractItem runs ex with a deadline, falling back to the heuristic.
func ExtractItem(ctx context.Context, ex Extractor, text string) (Item, error) {
	if IsInstruction(text) {
		return Item{}, answerError("请直接写明这项举措本身，不要写给报告起草者的要求（如“请在报告中写上……”）。", "")
	}
	if ex != nil {
		cctx, cancel := context.WithTimeout(ctx, extractTimeout)
		it, err := ex.ExtractItem(cctx, text)
		cancel()
		if err == nil && it.Title != "" {
			return ValidateItem(text, it), nil
		}
	}
	return ParseItem(text)
}
