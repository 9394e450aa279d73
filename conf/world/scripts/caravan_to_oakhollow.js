// Marta adds a purse for a guard who brought the wagons through without a fight, and a kind word
// for one who fought and was hurt: the road's check is in the journey's details.
world.on('quest', (q) => {
  if (q.event !== 'completed') return;
  const encounter = (q.deed && q.deed.encounter) || {};
  if (encounter.passed) {
    world.reward('caravan_to_oakhollow', q.playerId, { coin: '4 gp', xp: 50 },
      'Marta adds a purse of 4 gp: not one wagon was touched on the forest road.');
  } else {
    world.noticePlayer(q.playerId, 'Marta binds your wounds herself: "The wagons are in. That is what counts."');
  }
});
