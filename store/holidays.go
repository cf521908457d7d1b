package store

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"

	"reportbot/bot"
)

// HolidayYears returns the holiday arrangements saved for this
// installation, by year.
func (s *Store) HolidayYears(ctx context.Context) ([]bot.HolidayYear, error) {
	key := holidaysKey(s.queues)
	raw, err := s.rdb.HGetAll(ctx, key).Result()
	if err != nil {
		return nil, wrap("read holidays", key, err)
	}
	out := make([]bot.HolidayYear, 0, len(raw))
	for field, v := range raw {
		var y bot.HolidayYear
		if err := json.Unmarshal([]byte(v), &y); err != nil {
			return nil, bot.WrapError(bot.EInternal, "store: decode holidays "+key+" "+field, err)
		}
		out = append(out, y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}

// SaveHolidayYear saves one year's arrangement, replacing the one saved
// before for that year.
func (s *Store) SaveHolidayYear(ctx context.Context, y bot.HolidayYear) error {
	data, err := json.Marshal(y)
	if err != nil {
		return bot.WrapError(bot.EInternal, "store: encode holidays", err)
	}
	key := holidaysKey(s.queues)
	return wrap("save holidays", key, s.rdb.HSet(ctx, key, strconv.Itoa(y.Year), data).Err())
}

// DeleteHolidayYear removes a saved year, so the shipped arrangement (if
// any) applies again.
func (s *Store) DeleteHolidayYear(ctx context.Context, year int) error {
	key := holidaysKey(s.queues)
	return wrap("delete holidays", key, s.rdb.HDel(ctx, key, strconv.Itoa(year)).Err())
}

var _ bot.HolidayStore = (*Store)(nil)
