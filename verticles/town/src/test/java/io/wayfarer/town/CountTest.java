package io.wayfarer.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Instant-runoff and the charter's rules for ties and empty ballots, as pure arithmetic. */
class CountTest {
  static final Count.Candidate ANN = new Count.Candidate(1, 101, "Ann", 10);
  static final Count.Candidate BEN = new Count.Candidate(2, 102, "Ben", 20);
  static final Count.Candidate CAT = new Count.Candidate(3, 103, "Cat", 30);
  static final List<Count.Candidate> ALL = List.of(ANN, BEN, CAT);

  static Count.Result run(List<List<Long>> ballots, long incumbent, String ties, String empty) {
    return Count.run(ALL, ballots, incumbent, ties, empty);
  }

  @Test
  void aMajorityOfFirstChoicesWinsInOneRound() {
    Count.Result r =
        run(List.of(List.of(1L), List.of(1L, 2L), List.of(2L)), 0, "earliest_declared", "ignored");
    assertEquals(1L, r.winner());
    assertEquals(1, r.rounds().size());
  }

  @Test
  void theLastPlaceIsOutAndItsBallotsMoveOn() {
    // Ann leads the first round 3-2-2 but Cat's ballots go to Ben, who wins 4 to 3.
    List<List<Long>> ballots =
        List.of(
            List.of(1L),
            List.of(1L),
            List.of(1L),
            List.of(2L),
            List.of(2L),
            List.of(3L, 2L),
            List.of(3L, 2L, 1L));
    Count.Result r = run(ballots, 0, "earliest_declared", "ignored");
    assertEquals(2L, r.winner());
    assertEquals(List.of(1L, 3L), r.order(), "Ann lasted longest after Ben, then Cat");
    assertEquals(3L, r.rounds().get(0).out());
  }

  @Test
  void aTieForLastPutsOutWhoDeclaredLastOrKeepsTheIncumbent() {
    // Ann 2, Ben 1, Cat 1: Ben and Cat tie for last.
    List<List<Long>> ballots = List.of(List.of(1L), List.of(1L), List.of(2L), List.of(3L));
    assertEquals(3L, run(ballots, 0, "earliest_declared", "ignored").rounds().get(0).out());
    assertEquals(2L, run(ballots, 103, "incumbent", "ignored").rounds().get(0).out());
  }

  @Test
  void emptyBallotsCountForNoOneOrForNoneOfTheAbove() {
    List<List<Long>> ballots = List.of(List.of(), List.of(), List.of(), List.of(1L), List.of(2L));
    assertEquals(1L, run(ballots, 0, "earliest_declared", "ignored").winner());
    Count.Result none = run(ballots, 0, "earliest_declared", "none_of_the_above");
    assertNull(none.winner(), "none of the above won: the steward keeps the laws");
    assertEquals("none of the above won", none.why());
  }

  @Test
  void noCandidateOrNoBallotNamingOneElectsNobody() {
    assertNull(
        Count.run(List.of(), List.of(List.of(1L)), 0, "earliest_declared", "ignored").winner());
    assertNull(run(List.of(List.of(), List.of(9L)), 0, "earliest_declared", "ignored").winner());
  }
}
