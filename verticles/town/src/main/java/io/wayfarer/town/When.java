package io.wayfarer.town;

import io.wayfarer.shared.world.Calendar;

/** A game minute in words, as the town hall proclaims it: "Moonday 3 Icemelt, 14:00". */
record When(Calendar calendar) {
  String of(long gameMinutes) {
    Calendar.Date d = calendar.dateOf(Math.max(0, gameMinutes));
    return calendar.weekdays().get(d.weekday())
        + " "
        + d.day()
        + " "
        + calendar.month(d).name()
        + String.format(", %02d:%02d", d.hour(), d.minute());
  }
}
