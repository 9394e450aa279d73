// The grain must reach Redhaven before its festival: when one begins there, everyone still carrying
// Hobb's grain has come too late. (The quest's file says the rest: where, what, the reward.)
world.on('event', (event) => {
  if (event.type !== 'festival' || event.town !== 'redhaven' || event.ended) return;
  world.failQuest('grain_for_the_festival', null, 'the festival in Redhaven began before the grain arrived');
});
