// When a festival begins in a town, everyone there hears of it, and the town's innkeeper
// guesses how long the merriment will last (a roll of the world's dice, not the wall clock).
world.on('event', (event) => {
  if (event.type !== 'festival' || event.ended) return;
  const hours = Math.round((event.endsAt - event.startsAt) / 60);
  const cheer = ['Lanterns go up over the square', 'Drums start in the market', 'The bells ring out'];
  const line = cheer[Math.floor(world.random() * cheer.length)];
  world.noticeTown(event.town, `${line}: the festival has begun and lasts ${hours} hours. Work can wait.`);
});
