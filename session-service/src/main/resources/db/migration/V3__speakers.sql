-- Multi-model exchanges: who said an answer (the participant's name; the model is in `model`).
alter table message add column speaker text;
