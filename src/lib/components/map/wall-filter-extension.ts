import { LayerExtension, type Layer } from '@deck.gl/core';

/**
 * Filters a layer's rows on the GPU by time (replay) and by wall tile (block filter): two per-row attributes
 * built once, and a few uniforms changed per frame. No buffer is rebuilt while the replay clock runs or when a
 * tile is selected (the role DataFilterExtension plays, without adding @deck.gl/extensions to the bundle).
 */
const uniformBlock = /* glsl */ `\
layout(std140) uniform wallFilterUniforms {
  float timeOn;
  float now;
  float fade;
  highp int tileMask;
} wallFilter;
`;

interface WallFilterUniforms {
	timeOn: number;
	now: number;
	fade: number;
	tileMask: number;
}

const wallFilterModule = {
	name: 'wallFilter',
	vs: uniformBlock,
	fs: uniformBlock,
	uniformTypes: { timeOn: 'f32', now: 'f32', fade: 'f32', tileMask: 'i32' }
} as const;

const inject = {
	'vs:#decl': /* glsl */ `
in float instanceWallTime;
in float instanceWallTile;
out float vWallAlpha;
`,
	'vs:#main-end': /* glsl */ `
  vWallAlpha = 1.0;
  int wallTile = int(floor(instanceWallTile + 0.5));
  bool wallHidden = wallFilter.tileMask != -1 && (wallTile < 0 || wallTile > 30 || ((wallFilter.tileMask >> wallTile) & 1) == 0);
  if (wallFilter.timeOn > 0.5) {
    float age = wallFilter.now - instanceWallTime;
    if (age < 0.0) wallHidden = true;
    else vWallAlpha = max(0.3, 1.0 - age / max(wallFilter.fade, 1.0));
  }
  if (wallHidden) {
    gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
    vWallAlpha = 0.0;
  }
`,
	'fs:#decl': /* glsl */ `
in float vWallAlpha;
`,
	'fs:DECKGL_FILTER_COLOR': /* glsl */ `
  if (vWallAlpha <= 0.0) discard;
  color.a *= vWallAlpha;
`
};

export interface WallFilterProps<D = unknown> {
	/** seconds on the replay's time axis (only read while `wallTimeOn`) */
	getWallTime?: ((d: D) => number) | number;
	/** index of the row's wall tile; −1 unknown */
	getWallTile?: ((d: D) => number) | number;
	wallTimeOn?: boolean;
	/** rows with a time after this are hidden */
	wallNow?: number;
	/** seconds over which a shown row fades to its floor opacity */
	wallFade?: number;
	/** bit i shows tile i; −1 shows everything */
	wallTileMask?: number;
}

export class WallFilterExtension extends LayerExtension {
	static extensionName = 'WallFilterExtension';
	static defaultProps = {
		getWallTime: { type: 'accessor', value: 0 },
		getWallTile: { type: 'accessor', value: -1 },
		wallTimeOn: false,
		wallNow: 0,
		wallFade: 3600,
		wallTileMask: -1
	};

	getShaders(): unknown {
		return { modules: [wallFilterModule], inject };
	}

	initializeState(this: Layer): void {
		this.getAttributeManager()?.addInstanced({
			instanceWallTime: { size: 1, accessor: 'getWallTime', defaultValue: 0 },
			instanceWallTile: { size: 1, accessor: 'getWallTile', defaultValue: -1 }
		});
	}

	draw(this: Layer): void {
		const p = this.props as unknown as Required<WallFilterProps>;
		const uniforms: WallFilterUniforms = { timeOn: p.wallTimeOn ? 1 : 0, now: p.wallNow, fade: p.wallFade, tileMask: p.wallTileMask | 0 };
		this.setShaderModuleProps({ wallFilter: uniforms } as never);
	}
}
